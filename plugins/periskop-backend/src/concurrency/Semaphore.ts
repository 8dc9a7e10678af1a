/** A queued request for a slot. */
interface Waiter {
  grant(): void;
  cancel(): void;
}

/**
 * A counting semaphore: at most `size` holders at once, the others wait in
 * arrival order. A waiter whose signal aborts leaves the queue, so that time
 * spent queued can count against the caller's timeout.
 */
export class Semaphore {
  #free: number;
  readonly #waiters: Waiter[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new TypeError(`size must be a positive integer, got ${size}`);
    }
    this.#free = size;
  }

  /**
   * Waits for a slot and resolves to the function that gives it back
   * (calling that more than once gives it back once). Rejects with the
   * signal's reason when the signal aborts while waiting; a free slot is
   * granted whatever the signal says.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.#waiters.shift();
      if (next) {
        next.grant(); // hand the slot over directly
      } else {
        this.#free++;
      }
    };
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(release);
    }
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', waiter.cancel);
          resolve(release);
        },
        cancel: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) {
            this.#waiters.splice(index, 1);
          }
          reject(signal?.reason);
        },
      };
      this.#waiters.push(waiter);
      signal?.addEventListener('abort', waiter.cancel, { once: true });
    });
  }

  /** Runs `fn` holding a slot, and gives the slot back however it ends. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
