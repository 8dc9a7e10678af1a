/**
 * A small seedable pseudo-random generator (mulberry32), so that the demo
 * workloads are reproducible when `DEMO_SEED` is set.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** An exponentially distributed value with the given mean. */
  exponential(mean: number): number;
  /** `length` lowercase hexadecimal characters. */
  hex(length: number): string;
  /** A random-looking, but seed-derived, RFC 4122 version 4 UUID string. */
  uuid(): string;
}

/** FNV-1a, 32 bit: turns any string into a 32-bit seed. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Creates a generator whose sequence is fully determined by `seed`. */
export function createRandom(seed: string): Random {
  let state = hashString(seed);

  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));

  const hex = (length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += Math.floor(next() * 16).toString(16);
    }
    return out;
  };

  return {
    next,
    int,
    pick: items => items[Math.floor(next() * items.length)],
    chance: probability => next() < probability,
    exponential: mean => -mean * Math.log(1 - next()),
    hex,
    uuid: () =>
      `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}
