/** Hashed scrapes in a row with other bytes but the same counts before a target counts as reordering. */
const MISSES_BEFORE_SKIPPING = 2;
/** A reordering target is still hashed once in this many scrapes, in case it stopped. */
const PROBE_EVERY = 16;
/**
 * Targets remembered; target ids come and go with pod addresses, so the
 * oldest are forgotten beyond this (about 100 bytes each).
 */
const MAX_TARGETS = 100_000;

/**
 * Which targets reorder their keys on every request (clients that
 * serialise a map: Go, Scala), learnt from their scrapes. Hashing such a
 * body can only miss, so it is skipped for them; the keys and counts are
 * compared instead. A target counts as reordering after two hashed scrapes
 * in a row found other bytes with the same counts, and is hashed again now
 * and then in case it stopped. Per process, which is enough: after a
 * restart each target is learnt again.
 */
export class ReorderingTargets {
  readonly #targets = new Map<string, { misses: number; skipped: number }>();

  /** Whether the next fetch of the target should hash its body. */
  shouldHash(targetId: string): boolean {
    const state = this.#targets.get(targetId);
    if (!state || state.misses < MISSES_BEFORE_SKIPPING) {
      return true;
    }
    if (++state.skipped >= PROBE_EVERY) {
      state.skipped = 0;
      return true;
    }
    return false;
  }

  /** The hashed body was the one stored: the target serves stable bytes. */
  bytesMatched(targetId: string): void {
    this.#targets.delete(targetId);
  }

  /** The counts matched; `hashed` tells whether the bytes were compared (and differed). */
  countsMatched(targetId: string, hashed: boolean): void {
    if (!hashed) {
      return;
    }
    const state = this.#targets.get(targetId) ?? { misses: 0, skipped: 0 };
    state.misses += 1;
    this.#targets.set(targetId, state);
    // Maps iterate in insertion order: the first entries are the oldest
    for (const oldest of this.#targets.keys()) {
      if (this.#targets.size <= MAX_TARGETS) break;
      this.#targets.delete(oldest);
    }
  }
}
