import { createHash } from 'node:crypto';
import { ParsedPayload } from '@periskop-backstage/plugin-periskop-common';

/**
 * A digest of every (key, total count) pair of a payload. When it equals the
 * digest stored for the instance nothing can have happened (clients only add
 * samples together with new occurrences), so the scrape writes nothing.
 */
export function countersDigest(payload: ParsedPayload): string {
  const pairs = payload.aggregates.map(
    a => `${a.aggregationKey}\u0000${a.totalCount}`,
  );
  pairs.sort();
  const hash = createHash('sha256');
  for (const pair of pairs) {
    hash.update(pair);
    hash.update('\u0001');
  }
  return hash.digest('hex');
}
