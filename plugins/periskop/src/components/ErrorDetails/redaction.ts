/**
 * What the backend stores instead of a secret: a sensitive request header
 * (Authorization, Cookie, …) whole, or a secret part of a URL, body or
 * text (a token, a card number, a password field); the real value never
 * leaves the service.
 */
export const REDACTED_HEADER_VALUE = '[REDACTED]';

/** Whether a request header value was replaced whole at ingest. */
export function isRedactedHeaderValue(value: string): boolean {
  return value === REDACTED_HEADER_VALUE;
}

/** Whether a value had a part (or all) of it replaced at ingest. */
export function containsRedaction(value: string): boolean {
  return value.includes(REDACTED_HEADER_VALUE);
}
