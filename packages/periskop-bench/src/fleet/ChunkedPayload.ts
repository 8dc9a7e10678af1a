/**
 * A built payload in the client's own key order, with where the object of
 * every key starts: enough to serve the same keys in any other order
 * without building the payload again.
 *
 * The body is `{"aggregated_errors":[` (the head), the key objects separated
 * by commas, then `],"target_uuid":"…"}` (the tail). Keeping one Buffer and
 * offsets, rather than a Buffer per key, costs one allocation per payload
 * and a few hundred bytes of offsets, however many keys there are.
 */
export interface ChunkedPayload {
  /** The payload with its keys in their canonical order (key 0 first). */
  body: Buffer;
  /**
   * `keys + 1` offsets into `body`: where the object of key `k` starts;
   * the last one is where the tail starts. The object of key `k` ends one
   * byte (its comma) before the start of key `k + 1`, the last one where
   * the tail starts.
   */
  keyStarts: Int32Array;
}

const COMMA = 0x2c;

/** Memory a cached payload takes, for the fleet's cache budget. */
export function chunkedBytes(payload: ChunkedPayload): number {
  return payload.body.length + payload.keyStarts.byteLength;
}

/**
 * The same payload with its key objects in `order` (a permutation of
 * `0 … keys-1`): the head, each key's bytes exactly as built, commas
 * between them, the tail. Same length as the body, so one allocation and
 * one copy per key. `body` may be a view of a scratch buffer (only read
 * before this returns).
 */
export function permutePayload(
  body: Buffer,
  keyStarts: Int32Array,
  order: ArrayLike<number>,
): Buffer {
  const keys = keyStarts.length - 1;
  const tailStart = keyStarts[keys];
  const out = Buffer.allocUnsafe(body.length);
  let at = body.copy(out, 0, 0, keyStarts[0]);
  for (let j = 0; j < keys; j++) {
    const k = order[j];
    const start = keyStarts[k];
    const end = k + 1 < keys ? keyStarts[k + 1] - 1 : tailStart;
    if (j > 0) out[at++] = COMMA;
    at += body.copy(out, at, start, end);
  }
  at += body.copy(out, at, tailStart, body.length);
  if (at !== body.length) {
    // offsets that do not describe the body: a bug in the builder
    throw new Error(
      `permuted payload has ${at} bytes, the built one ${body.length}`,
    );
  }
  return out;
}
