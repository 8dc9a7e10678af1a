import { createRandom, hashInts, mix32 } from './random';

/** Salt of the per-instance choice whether it reorders. */
const REORDERS_SALT = 0x5e0;
/** Salt of the per-request permutation. */
const ORDER_SALT = 0xde5;

/**
 * Whether instance `globalIndex` reorders its keys when a fraction
 * `fraction` of the fleet does: its hash with the seed, as a number in
 * [0, 1), falls below the fraction. Stable and monotone: the instances that
 * reorder at 0.5 also reorder at 0.8, and all do at 1.
 */
export function reordersAt(
  seed: number,
  globalIndex: number,
  fraction: number,
): boolean {
  return (
    mix32(hashInts(seed, globalIndex, REORDERS_SALT)) / 4294967296 < fraction
  );
}

/** FNV-style hash of a key order, to tell it from the one served before. */
function orderHash(order: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let j = 0; j < order.length; j++) {
    h ^= order[j];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Per-instance request counters of a fleet slice, and the order in which
 * each instance serves its keys.
 *
 * Real clients (periskop-go, the Scala client) serialise a map, so the
 * order of `aggregated_errors` changes on every request while the content
 * stays the same. A "reordering" instance imitates that: on every request
 * it serves its keys in a new permutation, derived from (seed, instance,
 * request number), so that runs are reproducible. The other instances serve
 * the canonical order, byte-identical from one request to the next.
 */
export class KeyOrders {
  readonly #seed: number;
  readonly #first: number;
  readonly #keys: number;
  /** 1 where the instance reorders. */
  readonly #reorders: Uint8Array;
  /** Requests served per local instance since the last reset. */
  readonly #requests: Uint32Array;
  /** Hash of the order served last, per local instance. */
  readonly #lastHash: Uint32Array;
  readonly #identityHash: number;
  /** Reused for every request: consumed before the next one is computed. */
  readonly #order: Int32Array;
  #fraction = 0;
  /** Responses served in a permuted order since the last reset. */
  reordered = 0;

  constructor(options: {
    seed: number;
    first: number;
    count: number;
    keys: number;
    fraction: number;
  }) {
    this.#seed = options.seed;
    this.#first = options.first;
    this.#keys = options.keys;
    this.#reorders = new Uint8Array(options.count);
    this.#requests = new Uint32Array(options.count);
    this.#order = new Int32Array(options.keys);
    for (let k = 0; k < options.keys; k++) this.#order[k] = k;
    this.#identityHash = orderHash(this.#order);
    this.#lastHash = new Uint32Array(options.count).fill(this.#identityHash);
    this.setFraction(options.fraction);
  }

  get fraction(): number {
    return this.#fraction;
  }

  /** Makes `fraction` of the instances reorder; returns how many of this slice do. */
  setFraction(fraction: number): number {
    this.#fraction = fraction;
    let reordering = 0;
    for (let i = 0; i < this.#reorders.length; i++) {
      const on = reordersAt(this.#seed, this.#first + i, fraction);
      this.#reorders[i] = on ? 1 : 0;
      if (on) reordering++;
    }
    return reordering;
  }

  /** Forgets every request (the fleet is back to its start); keeps the fraction. */
  reset(): void {
    this.#requests.fill(0);
    this.#lastHash.fill(this.#identityHash);
    this.reordered = 0;
  }

  /** A copy of the request counters, by local instance. */
  requestCounts(): Uint32Array {
    return this.#requests.slice();
  }

  /**
   * Counts a request to local instance `i` and returns the key order to
   * serve it in, or undefined for the canonical order. The array is reused
   * by the next call. With at least two keys the order differs from the one
   * served before (a shuffle that happens to repeat it is rotated by one).
   */
  next(i: number): Int32Array | undefined {
    const request = ++this.#requests[i];
    if (!this.#reorders[i] || this.#keys < 2) {
      this.#lastHash[i] = this.#identityHash;
      return undefined;
    }
    const order = this.#order;
    for (let k = 0; k < order.length; k++) order[k] = k;
    // Fisher-Yates with a generator seeded by (seed, instance, request)
    const random = createRandom(
      mix32(hashInts(this.#seed, this.#first + i, request, ORDER_SALT)),
    );
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      const swap = order[k];
      order[k] = order[j];
      order[j] = swap;
    }
    let hash = orderHash(order);
    if (hash === this.#lastHash[i]) {
      const head = order[0];
      order.copyWithin(0, 1);
      order[order.length - 1] = head;
      hash = orderHash(order);
    }
    this.#lastHash[i] = hash;
    this.reordered++;
    return order;
  }
}
