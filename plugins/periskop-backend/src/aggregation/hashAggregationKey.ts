import { createHash } from 'node:crypto';

/**
 * The lookup hash of an aggregation key: hex SHA-256. Keys are the client's
 * and can be long or contain any character, so groups are found by this
 * fixed-size column rather than by the key itself.
 */
export function hashAggregationKey(aggregationKey: string): string {
  return createHash('sha256').update(aggregationKey, 'utf8').digest('hex');
}
