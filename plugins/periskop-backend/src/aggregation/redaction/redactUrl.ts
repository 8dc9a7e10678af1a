import { REDACTED } from './placeholder';
import { redactFormFields } from './redactFormFields';
import { SecretNameMatcher } from './secretNames';

/** `scheme://` and the authority (up to the path, query or fragment). */
const SCHEME_AND_AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i;

/**
 * Redacts a request URL (absolute, or a path as servers see it) and keeps
 * the rest of it intact: the user information (`user:password@`, all of
 * it), the values of secret-looking query parameters and fragment fields
 * (OAuth's implicit flow puts `access_token` in the fragment), and
 * `redactText` on the path and on every other value.
 */
export function redactUrl(
  url: string,
  isSecretParameter: SecretNameMatcher,
  redactText: (text: string) => string,
): string {
  const hash = url.indexOf('#');
  const beforeFragment = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? undefined : url.slice(hash + 1);
  const question = beforeFragment.indexOf('?');
  let path = question < 0 ? beforeFragment : beforeFragment.slice(0, question);
  const query = question < 0 ? undefined : beforeFragment.slice(question + 1);

  let origin = '';
  const authority = SCHEME_AND_AUTHORITY.exec(path);
  if (authority) {
    const at = authority[2].lastIndexOf('@');
    origin =
      authority[1] +
      (at < 0 ? authority[2] : `${REDACTED}${authority[2].slice(at)}`);
    path = path.slice(authority[0].length);
  }

  let result = origin + redactText(path);
  if (query !== undefined) {
    result += `?${redactFormFields(query, isSecretParameter, redactText)}`;
  }
  if (fragment !== undefined) {
    result += `#${redactFormFields(fragment, isSecretParameter, redactText)}`;
  }
  return result;
}
