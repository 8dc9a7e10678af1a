import { GroupUpdate } from '../../../aggregation/types';

/**
 * The key_hash of an entity's overflow group. Not 64 hex digits, so no
 * sha256 of a real aggregation key can be it; with the unique
 * (entity_ref, key_hash) index, an entity has one overflow group however
 * many applies create it at once.
 */
export const OVERFLOW_KEY_HASH = 'overflow';

/** Aggregation key, class and message of every overflow group. */
export const OVERFLOW_GROUP_TITLE = 'Other errors (over the group cap)';

/**
 * The update of an entity's overflow group: the sum of the updates of the
 * keys folded into it, with their samples (capped like any group's). Its
 * title stays fixed (no sample time, so no sample renames it), whichever
 * keys it counts.
 */
export function overflowUpdate(folded: readonly GroupUpdate[]): GroupUpdate {
  let delta = 0;
  let firstSeen = Number.POSITIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  for (const update of folded) {
    delta += update.delta;
    firstSeen = Math.min(firstSeen, update.firstSeen);
    lastSeen = Math.max(lastSeen, update.lastSeen);
  }
  return {
    keyHash: OVERFLOW_KEY_HASH,
    aggregationKey: OVERFLOW_GROUP_TITLE,
    delta,
    // a group's update carries no counter of its own: the folded keys' counters are written per key
    currentCount: 0,
    severity: 'error',
    errorClass: OVERFLOW_GROUP_TITLE,
    message: OVERFLOW_GROUP_TITLE,
    searchText: OVERFLOW_GROUP_TITLE.toLowerCase(),
    latestSampleAt: null,
    firstSeen,
    lastSeen,
    samples: folded.flatMap(update => update.samples),
  };
}
