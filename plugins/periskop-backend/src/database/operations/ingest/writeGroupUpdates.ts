import {
  HOUR_MS,
  HOUR_TOTAL_RESOLUTION,
  MINUTE_MS,
  MINUTE_RESOLUTION,
} from '../../tables';
import { chunk } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { addToEntityBuckets, addToGroupBuckets } from '../buckets/addToBuckets';
import { insertSamples } from './insertSamples';
import { KnownContents } from './KnownContents';
import { lockGroups } from './lockGroups';
import { CounterWrite, ResolvedGroup } from './ResolvedGroup';
import {
  detectTransitions,
  GroupStateBefore,
  GroupTransition,
} from './GroupTransition';
import { updateGroupTotals } from './updateGroupTotals';
import { upsertCounters } from './upsertCounters';

/**
 * Writes the groups, counters, samples and buckets of one update inside the
 * apply's transaction; returns the sum of the deltas, the sample contents
 * it wrote (see `insertSamples`) and the groups it made new or reopened
 * (see `detectTransitions`). `groups` has one update per
 * group row (the keys folded into the overflow group merged into one),
 * `counters` one per key.
 */
export async function writeGroupUpdates(
  tx: StoreDatabase,
  options: {
    entityRef: string;
    instanceId: number;
    now: number;
    groups: ResolvedGroup[];
    counters: CounterWrite[];
    samplesPerError: number;
    known: KnownContents;
  },
): Promise<{
  newOccurrences: number;
  contentsWritten: string[];
  transitions: GroupTransition[];
}> {
  const { entityRef, instanceId, now, counters, samplesPerError, known } =
    options;
  if (options.groups.length === 0) {
    await upsertCounters(tx, instanceId, counters);
    return { newOccurrences: 0, contentsWritten: [], transitions: [] };
  }
  // Every statement below visits rows in id order, which keeps the lock
  // order of concurrent applies on shared groups consistent.
  const groups = [...options.groups].sort((a, b) => a.id - b.id);
  const changed = groups.filter(g => g.update.delta > 0);
  const samples = { instanceId, groups, samplesPerError, now, known };
  let contentsWritten: string[];
  let before: Map<number, GroupStateBefore>;

  if (tx.dialect === 'pg') {
    // The rows of this instance first: its counters and its samples (the
    // bulk of the work) need no lock on the shared group rows (their
    // foreign key checks take FOR KEY SHARE, which does not conflict with
    // FOR NO KEY UPDATE), so instances of one entity store their samples
    // side by side and hold the group locks only for the short updates
    // that follow. (Before, they queued behind each other's sample
    // inserts: most of a first cycle's time on PostgreSQL.)
    await upsertCounters(tx, instanceId, counters);
    contentsWritten = await insertSamples(tx, samples);
    before = await lockGroups(tx, groups);
    for (const part of chunk(changed)) {
      await updateGroupTotals(tx, part, now);
    }
  } else {
    // MySQL's foreign key checks take shared locks on the group rows,
    // which conflict with the update's: every group is locked first.
    before = await lockGroups(tx, groups);
    for (const part of chunk(changed)) {
      await updateGroupTotals(tx, part, now);
    }
    await upsertCounters(tx, instanceId, counters);
    contentsWritten = await insertSamples(tx, samples);
  }

  const bucketStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  await addToGroupBuckets(
    tx,
    changed.map(g => ({
      group_id: g.id,
      entity_ref: entityRef,
      resolution: MINUTE_RESOLUTION,
      bucket_start: bucketStart,
      count: g.update.delta,
    })),
  );

  const total = changed.reduce((sum, g) => sum + g.update.delta, 0);
  if (total > 0) {
    // the entity's sums, in the same transaction: the minute mirror of the
    // group buckets and the hour total (what the overview reads)
    await addToEntityBuckets(tx, [
      {
        entity_ref: entityRef,
        resolution: MINUTE_RESOLUTION,
        bucket_start: bucketStart,
        count: total,
      },
      {
        entity_ref: entityRef,
        resolution: HOUR_TOTAL_RESOLUTION,
        bucket_start: Math.floor(now / HOUR_MS) * HOUR_MS,
        count: total,
      },
    ]);
  }
  return {
    newOccurrences: total,
    contentsWritten,
    transitions: detectTransitions(entityRef, changed, before),
  };
}
