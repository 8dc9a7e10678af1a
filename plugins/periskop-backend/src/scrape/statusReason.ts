import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import { describeResponse, mediaTypeOf } from './responseTraits';
import { headerValue } from './responseBody';

/**
 * How much of an error response is read: enough to give its size and keep
 * the connection reusable for a short body, not more.
 */
const ERROR_BODY_DRAIN_BYTES = 64 * 1024;

/**
 * The failure reason for a response that is not 2xx, e.g.
 * `HTTP 503 Service Unavailable (text/html, 1.2 KiB)` or
 * `HTTP 302 Found: redirects are not followed`. Says nothing of what the
 * body or a `Location` held (see `responseTraits.ts`). Consumes or discards
 * the body.
 */
export async function statusReason(
  response: Dispatcher.ResponseData,
  signal: AbortSignal,
): Promise<string> {
  const { statusCode, headers, body } = response;
  const status = statusLine(statusCode);
  if (
    statusCode >= 300 &&
    statusCode < 400 &&
    headerValue(headers.location) !== undefined
  ) {
    // Never followed: the target URL was vetted by the outbound policy and
    // a redirect would take us somewhere that was not. Where it points is
    // the server's answer, so it is not said either.
    await body
      .dump({ limit: ERROR_BODY_DRAIN_BYTES, signal })
      .catch(() => undefined);
    return `${status}: redirects are not followed`;
  }
  const size = await drainCounting(
    body,
    Number(headerValue(headers['content-length'])),
  );
  return `${status} (${describeResponse({
    mediaType: mediaTypeOf(headers),
    ...size,
  })})`;
}

/**
 * Reads and drops up to {@link ERROR_BODY_DRAIN_BYTES} of a body, counting;
 * a declared length is believed when the body is not read to its end.
 */
async function drainCounting(
  body: Dispatcher.ResponseData['body'],
  declared: number,
): Promise<{ bytes: number; truncated: boolean }> {
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > ERROR_BODY_DRAIN_BYTES) {
        break; // leaving the loop destroys the body
      }
    }
  } catch {
    // a body cut short is counted as far as it came
    return { bytes, truncated: true };
  }
  if (bytes > ERROR_BODY_DRAIN_BYTES) {
    return Number.isSafeInteger(declared) && declared >= bytes
      ? { bytes: declared, truncated: false }
      : { bytes: ERROR_BODY_DRAIN_BYTES, truncated: true };
  }
  return { bytes, truncated: false };
}

/** `HTTP 503 Service Unavailable`, or `HTTP 599` for unregistered codes. */
function statusLine(statusCode: number): string {
  const text = STATUS_CODES[statusCode];
  return text ? `HTTP ${statusCode} ${text}` : `HTTP ${statusCode}`;
}
