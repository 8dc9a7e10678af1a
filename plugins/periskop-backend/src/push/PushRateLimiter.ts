/** Windows tracked at most; beyond, expired windows are dropped first. */
const MAX_TRACKED = 10_000;
const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per key (push key hash, or entity for static
 * tokens), in memory: each backend replica limits the pushes it receives.
 * Bounded in memory whatever the keys: past {@link MAX_TRACKED} windows the
 * expired ones are dropped, and if all are current the oldest goes.
 */
export class PushRateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts a push; returns 0 when it is allowed, else the seconds until
   * the key may push again.
   */
  take(key: string): number {
    const now = this.now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      this.#windows.delete(key);
      this.#makeRoom(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.maxPerMinute) {
      return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    }
    window.count += 1;
    return 0;
  }

  #makeRoom(now: number): void {
    if (this.#windows.size < MAX_TRACKED) {
      return;
    }
    for (const [key, window] of this.#windows) {
      if (now - window.start >= WINDOW_MS) {
        this.#windows.delete(key);
      }
    }
    if (this.#windows.size >= MAX_TRACKED) {
      // insertion order: the first is the oldest window
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
  }
}
