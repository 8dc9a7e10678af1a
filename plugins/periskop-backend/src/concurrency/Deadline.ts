/** What ended the wait: the time limit, or the caller's own signal. */
export type DeadlineCause = 'timeout' | 'caller';

/**
 * One `AbortSignal` that aborts when a time limit passes or when the
 * caller's signal aborts, whichever comes first, and remembers which: the
 * reason a caller reports ("timed out after 10s" or "aborted") depends on
 * that, not on whatever error the aborted operation happens to throw.
 *
 * Call {@link Deadline.dispose} when the bounded work is over, so the timer
 * and the listener on the caller's signal go away.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  #cause: DeadlineCause | undefined;

  constructor(timeoutMs: number, callerSignal?: AbortSignal) {
    this.#callerSignal = callerSignal;
    this.#timer = setTimeout(() => this.#abort('timeout'), timeoutMs);
    // Whatever is being bounded holds its own handles (a socket, a DNS
    // query); the timer alone must not keep the process alive.
    this.#timer.unref?.();
    if (callerSignal?.aborted) {
      this.#abort('caller');
    } else {
      callerSignal?.addEventListener('abort', this.#onCallerAbort, {
        once: true,
      });
    }
  }

  /** Aborts at the time limit or with the caller's signal. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why {@link Deadline.signal} aborted; `undefined` while it has not. */
  get cause(): DeadlineCause | undefined {
    return this.#cause;
  }

  /** Stops the timer and stops listening to the caller's signal. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  readonly #onCallerAbort = () => this.#abort('caller');

  #abort(cause: DeadlineCause): void {
    if (this.#cause) {
      return;
    }
    this.#cause = cause;
    this.#controller.abort(
      cause === 'caller'
        ? this.#callerSignal?.reason
        : new Error('deadline exceeded'),
    );
  }
}

/**
 * Settles like `work`, unless the time limit passes first (then rejects with
 * `timeoutError()`) or `signal` aborts first (then rejects with its reason,
 * at once when it is already aborted). `work` itself is not cancelled: this
 * is for operations that cannot be, such as a DNS query.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  options: {
    timeoutMs: number;
    timeoutError: () => Error;
    signal?: AbortSignal;
  },
): Promise<T> {
  const deadline = new Deadline(options.timeoutMs, options.signal);
  const stop = new Promise<never>((_, reject) => {
    const fail = () =>
      reject(
        deadline.cause === 'timeout'
          ? options.timeoutError()
          : deadline.signal.reason,
      );
    if (deadline.signal.aborted) {
      fail();
    } else {
      deadline.signal.addEventListener('abort', fail, { once: true });
    }
  });
  try {
    // `stop` first, so an already aborted signal wins over settled work.
    return await Promise.race([stop, work]);
  } finally {
    deadline.dispose();
  }
}
