import {
  HOUR_MS,
  HOUR_RESOLUTION,
  HOUR_TOTAL_RESOLUTION,
  MINUTE_RESOLUTION,
} from '../../tables';
import { RetentionResult } from '../../types';
import { integer } from '../../sql/sqlValues';
import { inTransaction, StoreDatabase } from '../../sql/StoreDatabase';
import { CONTENT_TOUCH_INTERVAL_MS } from '../ingest/KnownContents';
import { deleteIdleGroups } from './deleteIdleGroups';
import { deleteRemovedEntities } from './deleteRemovedEntities';
import { forgetQuietInstances } from './forgetQuietInstances';
import { rollUpMinuteBuckets } from './rollUpMinuteBuckets';

/**
 * Removes samples (and contents no sample uses any more) and occurrence
 * buckets older than `retentionMs`, rolls minute buckets older than
 * `fineBucketMaxAgeMs` up into hour buckets, forgets instances (and their
 * counters) not seen within `retentionMs`, then deletes all data of
 * entities missing from discovery for longer than `removedEntityGraceMs`
 * and the groups without an occurrence within `groupIdleMs` (open
 * regressions stay).
 */
export async function runRetention(
  db: StoreDatabase,
  options: {
    now: number;
    retentionMs: number;
    fineBucketMaxAgeMs: number;
    groupIdleMs: number;
    removedEntityGraceMs: number;
  },
): Promise<RetentionResult> {
  const now = integer(options.now, 'now');
  const expiry = now - integer(options.retentionMs, 'retentionMs');

  // whole hours only, so each hour bucket is rolled up exactly once and
  // never sits next to minute buckets of the same hour
  const rollupBefore =
    Math.floor(
      (now - integer(options.fineBucketMaxAgeMs, 'fineBucketMaxAgeMs')) /
        HOUR_MS,
    ) * HOUR_MS;

  const samples = await db
    .knex('samples')
    .where('timestamp', '<', expiry)
    .delete();
  // Contents after the samples: every sample stored at time T keeps its
  // content's last_used_at at T - 2 touch intervals or later (see
  // KnownContents), and T is never before the sample's timestamp. A content
  // unused since expiry - 2 intervals can only be referred to by samples
  // older than expiry, which are gone now, so no index from samples to
  // contents is needed to find the unreferenced ones.
  await db
    .knex('sample_contents')
    .where('last_used_at', '<', expiry - 2 * CONTENT_TOUCH_INTERVAL_MS)
    .delete();

  // expired buckets go first, so they are not rolled up only to be deleted
  const occurrenceRows = await db
    .knex('occurrences')
    .whereIn('resolution', [MINUTE_RESOLUTION, HOUR_RESOLUTION])
    .andWhere('bucket_start', '<', expiry)
    .delete();
  // the per-entity sums alike (not counted: the result is about groups)
  await db
    .knex('entity_occurrences')
    .whereIn('resolution', [
      HOUR_TOTAL_RESOLUTION,
      MINUTE_RESOLUTION,
      HOUR_RESOLUTION,
    ])
    .andWhere('bucket_start', '<', expiry)
    .delete();

  const rolledUpRows = await inTransaction(db, tx =>
    rollUpMinuteBuckets(tx, rollupBefore),
  );
  const instances = await forgetQuietInstances(db, expiry);
  // the health rows of instances that stopped pushing (their counters went above)
  await db.knex('pushed_instances').where('last_push_at', '<', expiry).delete();
  // Last: they take row locks in batches and may fail on a busy database,
  // which must not keep the expiry above from running.
  const removedEntities = await deleteRemovedEntities(
    db,
    now - integer(options.removedEntityGraceMs, 'removedEntityGraceMs'),
  );
  const idleGroups = await deleteIdleGroups(
    db,
    now - integer(options.groupIdleMs, 'groupIdleMs'),
  );
  return {
    samples,
    occurrenceRows,
    rolledUpRows,
    instances,
    idleGroups,
    removedEntities,
  };
}
