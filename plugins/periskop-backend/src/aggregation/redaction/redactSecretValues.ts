import { REDACTED } from './placeholder';
import { redactCardNumbers } from './redactCardNumbers';

/** `Bearer <token>`: the scheme is kept, a token of at least 8 characters is not. */
const BEARER_TOKEN = /\b(bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi;

/** A JWT (also a JWS): three base64url segments, the header's JSON starting `{"` (`eyJ`). */
const JWT =
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * The user information of a URL, `scheme://user:password@`: all of it, a
 * user name alone may be a token. Up to the authority's last `@`, since a
 * password may hold one (`postgres://app:p@ss@db`).
 */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi;

/** `Basic <base64>` credentials, as a message may quote an Authorization header. */
const BASIC_CREDENTIALS =
  /\b(basic\s+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;

/** Whether base64 decodes to `user:password`, which is what Basic credentials are. */
function isBasicCredentials(base64: string): boolean {
  return Buffer.from(base64, 'base64').toString('latin1').includes(':');
}

/**
 * Replaces values that are secret whatever their name, anywhere in a text:
 * payment card numbers, bearer tokens, Basic credentials, JWTs and the user information of
 * URLs (database connection strings in error messages carry passwords
 * there). Cheap checks skip the expressions a text cannot match.
 */
export function redactSecretValues(text: string): string {
  let result = redactCardNumbers(text);
  if (/bearer/i.test(result)) {
    result = result.replace(BEARER_TOKEN, `$1${REDACTED}`);
  }
  if (result.includes('eyJ')) {
    result = result.replace(JWT, REDACTED);
  }
  if (/basic\s/i.test(result)) {
    result = result.replace(
      BASIC_CREDENTIALS,
      (whole, scheme: string, base64: string) =>
        isBasicCredentials(base64) ? `${scheme}${REDACTED}` : whole,
    );
  }
  if (result.includes('://') && result.includes('@')) {
    result = result.replace(URL_USER_INFO, `$1${REDACTED}@`);
  }
  return result;
}
