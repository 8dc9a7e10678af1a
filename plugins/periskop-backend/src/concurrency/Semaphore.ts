/**
 * Runs async functions with at most `size` of them in progress; the others
 * wait in arrival order.
 */
export class Semaphore {
  #free: number;
  readonly #waiters: Array<() => void> = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new TypeError(`size must be a positive integer, got ${size}`);
    }
    this.#free = size;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) {
      this.#free--;
    } else {
      await new Promise<void>(resolve => this.#waiters.push(resolve));
    }
    try {
      return await fn();
    } finally {
      const next = this.#waiters.shift();
      if (next) {
        next(); // hand the slot over directly
      } else {
        this.#free++;
      }
    }
  }
}
