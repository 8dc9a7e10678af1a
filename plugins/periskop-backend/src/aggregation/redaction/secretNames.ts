/**
 * Name patterns of query parameters, body fields and headers whose values
 * are redacted. A pattern matches a whole name, ignoring case and the
 * separators `-`, `_`, `.` and spaces; `*` stands for any characters. So
 * `*apikey*` catches `api_key`, `X-API-Key` and `apikey`, and `sid` only
 * `sid` (as a part it would catch `side` or `inside`). Broad parts such
 * as `*auth*` also catch `author`: a value hidden too many is cheaper than
 * a secret shown. `periskop.redact.queryParameters` and
 * `periskop.redact.bodyFields` add to these.
 */
export const DEFAULT_SECRET_NAME_PATTERNS: readonly string[] = [
  '*password*',
  '*passwd*',
  '*passphrase*',
  '*pwd*',
  '*secret*',
  '*token*',
  '*apikey*',
  '*accesskey*',
  '*privatekey*',
  '*signingkey*',
  '*auth*',
  '*credential*',
  '*session*',
  '*sessid*',
  '*cookie*',
  '*signature*',
  '*csrf*',
  '*xsrf*',
  '*jwt*',
  '*bearer*',
  '*cardnumber*',
  '*cvv*',
  '*cvc*',
  'sid',
  'sig',
  'key',
  'pass',
  'pw',
  'pin',
  'otp',
  'ssn',
];

const SEPARATORS = /[-_.\s]+/g;

/** A name as patterns see it: lower case, without separators. */
function normalizeName(name: string): string {
  return name.replace(SEPARATORS, '').toLowerCase();
}

/**
 * Why a pattern cannot be used, or `undefined` when it can: a pattern must
 * keep a character that is neither `*` nor a separator (except `*` alone,
 * which deliberately matches every name).
 */
export function invalidSecretNamePattern(pattern: string): string | undefined {
  const normalized = normalizeName(pattern);
  if (normalized === '') {
    return 'is empty';
  }
  if (normalized.replace(/\*/g, '') === '' && normalized !== '*') {
    return 'matches every name; write a single * for that';
  }
  return undefined;
}

/** Tells whether a name looks secret under the given patterns. */
export type SecretNameMatcher = (name: string) => boolean;

/**
 * Compiles name patterns (see {@link DEFAULT_SECRET_NAME_PATTERNS}) into one
 * matcher. Invalid patterns must have been rejected by the caller (see
 * {@link invalidSecretNamePattern}).
 */
export function secretNameMatcher(
  patterns: Iterable<string>,
): SecretNameMatcher {
  const alternatives = [...new Set([...patterns].map(normalizeName))]
    .filter(pattern => pattern !== '')
    .map(pattern =>
      pattern
        .split('*')
        .map(part => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
        .join('.*'),
    );
  if (alternatives.length === 0) {
    return () => false;
  }
  const regex = new RegExp(`^(?:${alternatives.join('|')})$`, 's');
  return name => regex.test(normalizeName(name));
}
