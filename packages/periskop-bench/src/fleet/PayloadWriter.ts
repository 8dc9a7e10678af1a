/**
 * Appends to a scratch buffer (growing it when needed); the caller copies
 * the result out of the view, once, in the order it serves it.
 */
export class PayloadWriter {
  #buffer: { current: Buffer };
  #offset = 0;

  constructor(scratch: { current: Buffer }) {
    this.#buffer = scratch;
  }

  #ensure(extra: number) {
    const needed = this.#offset + extra;
    if (needed > this.#buffer.current.length) {
      const grown = Buffer.allocUnsafe(
        Math.max(needed, this.#buffer.current.length * 2),
      );
      this.#buffer.current.copy(grown, 0, 0, this.#offset);
      this.#buffer.current = grown;
    }
  }

  ascii(text: string) {
    this.#ensure(text.length);
    this.#offset += this.#buffer.current.write(text, this.#offset, 'latin1');
  }

  bytes(chunk: Buffer) {
    this.#ensure(chunk.length);
    this.#offset += chunk.copy(this.#buffer.current, this.#offset);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#offset;
  }

  /**
   * What was written, as a view of the scratch buffer (no copy): valid
   * until the scratch buffer is written again.
   */
  view(): Buffer {
    return this.#buffer.current.subarray(0, this.#offset);
  }
}
