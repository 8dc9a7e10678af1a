import { ParsedHttpContext } from '@periskop-backstage/plugin-periskop-common';

/** What a redacted header value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Request headers whose values are replaced by `[REDACTED]` before anything
 * is stored or logged. Configured headers are added to these.
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
 * Returns the HTTP context with the values of the listed headers (matched
 * case-insensitively; `names` must be lower case) replaced by `[REDACTED]`.
 * The input is not modified.
 */
export function redactHeaders(
  httpContext: ParsedHttpContext | null,
  names: ReadonlySet<string>,
): ParsedHttpContext | null {
  if (!httpContext) {
    return null;
  }
  let headers: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(httpContext.requestHeaders)) {
    if (names.has(name.toLowerCase()) && value !== REDACTED) {
      headers ??= { ...httpContext.requestHeaders };
      headers[name] = REDACTED;
    }
  }
  return headers ? { ...httpContext, requestHeaders: headers } : httpContext;
}
