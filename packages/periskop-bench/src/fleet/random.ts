/**
 * A small seeded PRNG (mulberry32), so that every run of the benchmark
 * serves byte-identical payloads for the same flags.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic 32-bit hash of a few integers (for per-instance choices). */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h ^= value | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function intBetween(
  random: () => number,
  min: number,
  max: number,
): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Zero-padded lower-case hex of a non-negative integer. */
export function hex(value: number, width: number): string {
  return Math.floor(value).toString(16).padStart(width, '0').slice(-width);
}

/**
 * A full-avalanche finaliser (MurmurHash3's fmix32) of a 32-bit hash:
 * `hashInts` mixes its last inputs only into the low bits, so a fraction
 * taken from its high bits needs this first.
 */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
