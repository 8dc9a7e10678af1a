/** Appends to a scratch buffer (growing it when needed), then copies the result out. */
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

  finish(): Buffer {
    const result = Buffer.allocUnsafe(this.#offset);
    this.#buffer.current.copy(result, 0, 0, this.#offset);
    return result;
  }
}
