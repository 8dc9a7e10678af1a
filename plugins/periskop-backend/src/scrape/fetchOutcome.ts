import type { FetchResult } from './types';

/** The part of a {@link FetchResult} decided by one attempt (all but the duration). */
export type FetchOutcome =
  | { ok: true; chunks: Buffer[]; bytes: number; digest: string }
  | { ok: false; reason: string; bytes?: number };

/**
 * The {@link FetchResult} of an outcome. A successful result's `body` is
 * only assembled and decoded from the received chunks on first access (and
 * then kept): a scraper that recognises an unchanged payload by its `digest`
 * never pays for copying or decoding it. `digest` is not enumerable, so the
 * result still looks like `{ ok, body, bytes, durationMs }`.
 */
export function toFetchResult(
  outcome: FetchOutcome,
  durationMs: number,
): FetchResult {
  if (!outcome.ok) {
    return { ...outcome, durationMs };
  }
  const { chunks, bytes, digest } = outcome;
  let text: string | undefined;
  const result = {
    ok: true as const,
    get body(): string {
      // TextDecoder drops a UTF-8 BOM; invalid sequences become U+FFFD and
      // are left for the JSON parser to complain about.
      text ??= new TextDecoder('utf-8').decode(
        chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes),
      );
      return text;
    },
    bytes,
    durationMs,
  };
  Object.defineProperty(result, 'digest', { value: digest, enumerable: false });
  return result;
}
