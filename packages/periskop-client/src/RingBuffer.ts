/**
 * A fixed-capacity FIFO that overwrites its oldest item when full. Adding is
 * O(1) and the memory used never exceeds `capacity` items.
 *
 * @internal
 */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `RingBuffer capacity must be a positive integer, got ${capacity}`,
      );
    }
    this.#items = new Array(capacity);
  }

  /** Number of items held, at most `capacity`. */
  get size(): number {
    return this.#size;
  }

  /** Appends an item, dropping the oldest one when full. */
  push(item: T): void {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = item;
      this.#size += 1;
    } else {
      this.#items[this.#start] = item;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const result: T[] = [];
    for (let i = 0; i < this.#size; i += 1) {
      result.push(this.#items[(this.#start + i) % this.capacity] as T);
    }
    return result;
  }
}
