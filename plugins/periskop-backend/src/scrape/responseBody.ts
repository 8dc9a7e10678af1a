import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { FetchOutcome } from './fetchOutcome';
import { formatBytes } from './formatBytes';
import { mediaTypeOf } from './responseTraits';

type Headers = Dispatcher.ResponseData['headers'];
type Body = Dispatcher.ResponseData['body'];

/** The first value of a header that may be repeated. */
export function headerValue(
  value: string | string[] | undefined,
): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Abandons a response body. undici reports the abort as an `error` event on
 * the stream, which would be unhandled with nobody left reading it.
 */
export function discard(body: Body): void {
  body.on('error', () => {});
  body.destroy();
}

/**
 * Reads a 2xx body within `maxBodyBytes`, with its media type, hashing it
 * (SHA-256) as it comes
 * (unless told not to) so that an unchanged payload is recognised without
 * reading it. Refuses a
 * body that is declared or turns out too large, or that is compressed, as
 * an outcome; a stream that fails midway is returned as the error, with the
 * bytes received, for the caller to word.
 */
export async function readBodyWithinLimit(
  headers: Headers,
  body: Body,
  maxBodyBytes: number,
  options: { digest: boolean } = { digest: true },
): Promise<{ outcome: FetchOutcome } | { error: unknown; bytes: number }> {
  const tooLarge = `response larger than ${formatBytes(maxBodyBytes)}`;

  const declared = Number(headerValue(headers['content-length']));
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    // Do not download what we are going to refuse.
    discard(body);
    return { outcome: { ok: false, reason: tooLarge } };
  }
  // We never ask for compression, so an encoded body would only fail
  // later as unreadable JSON; say what is actually wrong instead (not the
  // header's value: that is the server's text).
  const encoding = headerValue(headers['content-encoding'])?.trim();
  if (encoding && encoding.toLowerCase() !== 'identity') {
    discard(body);
    return {
      outcome: {
        ok: false,
        reason: 'compressed response (Content-Encoding) not supported',
      },
    };
  }

  const chunks: Buffer[] = [];
  const hash = options.digest ? createHash('sha256') : undefined;
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBodyBytes) {
        // Destroying the body aborts the request and closes the socket,
        // so the server stops sending right away.
        discard(body);
        return { outcome: { ok: false, reason: tooLarge, bytes } };
      }
      chunks.push(chunk);
      hash?.update(chunk);
    }
  } catch (error) {
    return { error, bytes };
  }
  return {
    outcome: {
      ok: true,
      chunks,
      bytes,
      digest: hash?.digest('hex'),
      mediaType: mediaTypeOf(headers),
    },
  };
}
