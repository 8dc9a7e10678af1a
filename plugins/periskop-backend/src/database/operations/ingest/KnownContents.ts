import { HOUR_MS } from '../../tables';

/**
 * How often a stored sample content's `last_used_at` is moved forward while
 * samples keep referring to it. Retention removes a content only when it
 * was not used for the retention period plus twice this (see
 * `runRetention`), so every sample inserted at time T can rely on its
 * content's `last_used_at` being at least T - 2 × this.
 */
export const CONTENT_TOUCH_INTERVAL_MS = HOUR_MS;

/** Digests remembered per process; about 100 bytes each. */
const MAX_REMEMBERED = 200_000;

/**
 * The sample contents this process wrote (or found stored and fresh)
 * recently: a sample whose content is known here needs no content write at
 * all. An entry is trusted for {@link CONTENT_TOUCH_INTERVAL_MS} after the
 * statement that stored it committed: the row then had `last_used_at` of at
 * least that statement's time minus the interval, which satisfies the
 * guarantee above for samples inserted within the interval. Across
 * replicas nothing needs sharing: each one only skips writes it may skip.
 */
export class KnownContents {
  readonly #storedAt = new Map<string, number>();

  /** Whether a sample stored at `now` may refer to `digest` without writing it. */
  isFresh(digest: string, now: number): boolean {
    const at = this.#storedAt.get(digest);
    return (
      at !== undefined && now - at < CONTENT_TOUCH_INTERVAL_MS && now >= at
    );
  }

  /** Records contents stored by a statement (at `at`) whose transaction committed. */
  remember(digests: Iterable<string>, at: number): void {
    for (const digest of digests) {
      this.#storedAt.delete(digest); // re-inserted as the newest
      this.#storedAt.set(digest, at);
    }
    // Maps iterate in insertion order: the first entries are the oldest
    for (const digest of this.#storedAt.keys()) {
      if (this.#storedAt.size <= MAX_REMEMBERED) break;
      this.#storedAt.delete(digest);
    }
  }
}
