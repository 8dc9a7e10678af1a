import { REDACTED } from './placeholder';
import { SecretNameMatcher } from './secretNames';

/** Decodes one `application/x-www-form-urlencoded` component; malformed escapes stay as they are. */
function decodeComponent(component: string): string {
  const spaced = component.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Encodes a redacted value; the placeholder stays readable. */
function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/%5BREDACTED%5D/g, REDACTED);
}

/**
 * Redacts `name=value&name=value` (a query string, a fragment, a form
 * body): the value of a field whose decoded name looks secret is replaced
 * whole, every other value (and a part without `=`) is decoded, passed to
 * `redactText` and encoded again only if that changed it. Everything else
 * keeps its bytes.
 */
export function redactFormFields(
  fields: string,
  isSecretName: SecretNameMatcher,
  redactText: (text: string) => string,
): string {
  return fields
    .split('&')
    .map(field => {
      const equals = field.indexOf('=');
      const name = equals < 0 ? '' : field.slice(0, equals);
      const value = equals < 0 ? field : field.slice(equals + 1);
      const prefix = equals < 0 ? '' : `${name}=`;
      if (equals >= 0 && value !== '' && isSecretName(decodeComponent(name))) {
        return `${prefix}${REDACTED}`;
      }
      const decoded = decodeComponent(value);
      const redacted = redactText(decoded);
      return redacted === decoded
        ? field
        : `${prefix}${encodeComponent(redacted)}`;
    })
    .join('&');
}
