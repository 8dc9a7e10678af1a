import { redactFormFields } from './redactFormFields';
import { redactJsonText } from './redactJsonText';
import { SecretNameMatcher } from './secretNames';

/** A form body: `name=value` pairs joined by `&`, without spaces (which forms encode). */
const FORM_BODY = /^[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/;

/**
 * Redacts a request body by its form: JSON (by its first character or a
 * JSON content type) field by field, `application/x-www-form-urlencoded`
 * (by content type, or by its shape) field by field, and anything else,
 * including JSON that does not parse (clients cut long bodies short), as
 * running text.
 */
export function redactBody(
  body: string,
  contentType: string | undefined,
  isSecretField: SecretNameMatcher,
  redactText: (text: string) => string,
): string {
  const type = contentType?.toLowerCase() ?? '';
  const trimmed = body.trimStart();
  if (
    trimmed.startsWith('{') ||
    trimmed.startsWith('[') ||
    type.includes('json')
  ) {
    const json = redactJsonText(body, isSecretField, redactText);
    if (json !== undefined) {
      return json;
    }
  }
  if (
    type.includes('application/x-www-form-urlencoded') ||
    FORM_BODY.test(body)
  ) {
    return redactFormFields(body, isSecretField, redactText);
  }
  return redactText(body);
}
