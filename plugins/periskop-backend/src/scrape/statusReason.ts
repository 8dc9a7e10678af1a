import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import { headerValue, peekBodyText } from './responseBody';
import { oneLine, truncate } from './reasonText';

/** How much of an error response is read to quote it in the reason. */
const ERROR_BODY_PEEK_BYTES = 4096;
/** How much of that quote ends up in the reason. */
const ERROR_BODY_QUOTE_CHARS = 200;

/**
 * The failure reason for a response that is not 2xx, e.g.
 * `HTTP 503 Service Unavailable: overloaded` or
 * `redirect to "http://elsewhere/" refused (HTTP 302)`. Consumes or discards
 * the body.
 */
export async function statusReason(
  response: Dispatcher.ResponseData,
  target: URL,
  signal: AbortSignal,
): Promise<string> {
  const { statusCode, headers, body } = response;
  const location = headerValue(headers.location);
  if (statusCode >= 300 && statusCode < 400 && location !== undefined) {
    // Never followed: the target URL was vetted by the outbound policy and
    // a redirect would take us somewhere that was not. Drain a little so a
    // short body keeps the connection reusable, then let go.
    await body
      .dump({ limit: ERROR_BODY_PEEK_BYTES, signal })
      .catch(() => undefined);
    return `redirect to ${quoteLocation(
      location,
      target,
    )} refused (HTTP ${statusCode})`;
  }
  const status = statusLine(statusCode);
  const quoted = await peekBodyText(headers, body, {
    maxBytes: ERROR_BODY_PEEK_BYTES,
    maxChars: ERROR_BODY_QUOTE_CHARS,
  });
  return quoted ? `${status}: ${quoted}` : status;
}

/** `HTTP 503 Service Unavailable`, or `HTTP 599` for unregistered codes. */
function statusLine(statusCode: number): string {
  const text = STATUS_CODES[statusCode];
  return text ? `HTTP ${statusCode} ${text}` : `HTTP ${statusCode}`;
}

/** Absolute form of a `Location`, so the reason says where it pointed. */
function quoteLocation(location: string, base: URL): string {
  let absolute: string;
  try {
    absolute = new URL(location, base).href;
  } catch {
    absolute = location;
  }
  return truncate(oneLine(absolute), 200) || '""';
}
