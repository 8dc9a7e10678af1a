/**
 * The value the backend stores instead of a sensitive request header
 * (Authorization, Cookie, …); the real value never leaves the service.
 */
export const REDACTED_HEADER_VALUE = '[REDACTED]';

/** Whether a request header value was replaced at ingest. */
export function isRedactedHeaderValue(value: string): boolean {
  return value === REDACTED_HEADER_VALUE;
}
