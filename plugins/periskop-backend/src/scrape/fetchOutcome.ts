import type { FetchResult } from './types';

/** The part of a {@link FetchResult} decided by one attempt (all but the duration). */
export type FetchOutcome =
  | {
      ok: true;
      chunks: Buffer[];
      bytes: number;
      digest?: string;
      mediaType?: string;
    }
  | { ok: false; reason: string; bytes?: number };

/**
 * The {@link FetchResult} of an outcome. A successful result's `content`
 * is only assembled from the received chunks on first access, and `body`
 * decoded from it on first access (both then kept): a scraper that recognises an unchanged payload by its `digest`
 * never pays for copying or decoding it. `digest`, `mediaType` and `content` are not
 * enumerable, so the result still looks like `{ ok, body, bytes, durationMs }`.
 */
export function toFetchResult(
  outcome: FetchOutcome,
  durationMs: number,
): FetchResult {
  if (!outcome.ok) {
    return { ...outcome, durationMs };
  }
  const { chunks, bytes, digest, mediaType } = outcome;
  let text: string | undefined;
  let content: Buffer | undefined;
  const assembled = () => {
    content ??= chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes);
    return content;
  };
  const result = {
    ok: true as const,
    get body(): string {
      // TextDecoder drops a UTF-8 BOM; invalid sequences become U+FFFD and
      // are left for the JSON parser to complain about.
      text ??= new TextDecoder('utf-8').decode(assembled());
      return text;
    },
    bytes,
    durationMs,
  };
  if (digest !== undefined) {
    Object.defineProperty(result, 'digest', {
      value: digest,
      enumerable: false,
    });
  }
  if (mediaType !== undefined) {
    Object.defineProperty(result, 'mediaType', {
      value: mediaType,
      enumerable: false,
    });
  }
  Object.defineProperty(result, 'content', {
    get: assembled,
    enumerable: false,
  });
  return result;
}
