import { createHash } from 'node:crypto';

/** What a counters digest is computed from: every aggregate's key and count. */
export type CountedKey = { aggregationKey: string; totalCount: number };

/**
 * A digest of every (key, total count) pair of a payload, whatever their
 * order. When it equals the digest stored for the instance nothing can have
 * happened (clients only add samples together with new occurrences), so the
 * scrape writes nothing.
 */
export function countersDigest(aggregates: readonly CountedKey[]): string {
  const pairs = aggregates.map(a => `${a.aggregationKey}\u0000${a.totalCount}`);
  pairs.sort();
  const hash = createHash('sha256');
  for (const pair of pairs) {
    hash.update(pair);
    hash.update('\u0001');
  }
  return hash.digest('hex');
}
