import { REDACTED } from './placeholder';

/**
 * Request headers whose values are replaced by `[REDACTED]` before anything
 * is stored or logged. `periskop.redact.headers` adds to these; a header
 * whose name looks secret (see `DEFAULT_SECRET_NAME_PATTERNS`) is redacted
 * too.
 */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
];

/**
 * Returns the headers with the value of every secret one replaced by
 * `[REDACTED]` and every other value passed to `redactValue`; the same
 * object when nothing changed. The input is not modified.
 */
export function redactHeaders(
  headers: Record<string, string>,
  isSecretHeader: (name: string) => boolean,
  redactValue: (value: string) => string,
): Record<string, string> {
  let redacted: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const replacement = isSecretHeader(name) ? REDACTED : redactValue(value);
    if (replacement !== value) {
      redacted ??= { ...headers };
      redacted[name] = replacement;
    }
  }
  return redacted ?? headers;
}
