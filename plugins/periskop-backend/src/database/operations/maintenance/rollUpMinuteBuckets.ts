import {
  DbNumber,
  EntityOccurrenceRow,
  HOUR_MS,
  HOUR_RESOLUTION,
  MINUTE_RESOLUTION,
  OccurrenceRow,
  toNumber,
} from '../../tables';
import { forUpdate, StoreDatabase } from '../../sql/StoreDatabase';
import { addToEntityBuckets, addToGroupBuckets } from '../buckets/addToBuckets';

/**
 * Rolls the minute buckets older than `rollupBefore` (a whole hour) up into
 * hour buckets, for the groups and, alike, for the entity sums, so that the
 * entity buckets stay the per-entity sums of the group buckets. Inside the
 * caller's transaction; returns the group minute rows removed.
 *
 * The rows are read locked, so that a second retention run at the same
 * time (another replica) waits and then finds them gone instead of adding
 * them to the hour buckets a second time. Minute buckets are only ever
 * written at "now", so no new row older than the cut-off can appear after
 * the locked read.
 */
export async function rollUpMinuteBuckets(
  tx: StoreDatabase,
  rollupBefore: number,
): Promise<number> {
  const entityMinutes: Array<{
    entity_ref: string;
    bucket_start: DbNumber;
    count: DbNumber;
  }> = await forUpdate(
    tx,
    tx
      .knex('entity_occurrences')
      .select('entity_ref', 'bucket_start', 'count')
      .where('resolution', MINUTE_RESOLUTION)
      .andWhere('bucket_start', '<', rollupBefore)
      .orderBy(['entity_ref', 'bucket_start']),
  );
  if (entityMinutes.length > 0) {
    await addToEntityBuckets(
      tx,
      sumPerHour(
        entityMinutes,
        row => row.entity_ref,
        (row, hour, count) => ({
          entity_ref: row.entity_ref,
          resolution: HOUR_RESOLUTION,
          bucket_start: hour,
          count,
        }),
      ),
    );
    await tx
      .knex('entity_occurrences')
      .where('resolution', MINUTE_RESOLUTION)
      .andWhere('bucket_start', '<', rollupBefore)
      .delete();
  }

  const groupMinutes: Array<{
    group_id: DbNumber;
    entity_ref: string;
    bucket_start: DbNumber;
    count: DbNumber;
  }> = await forUpdate(
    tx,
    tx
      .knex('occurrences')
      .select('group_id', 'entity_ref', 'bucket_start', 'count')
      .where('resolution', MINUTE_RESOLUTION)
      .andWhere('bucket_start', '<', rollupBefore)
      .orderBy(['group_id', 'bucket_start']),
  );
  if (groupMinutes.length === 0) {
    return 0;
  }
  await addToGroupBuckets(
    tx,
    sumPerHour(
      groupMinutes,
      row => String(row.group_id),
      (row, hour, count): OccurrenceRow => ({
        group_id: toNumber(row.group_id),
        entity_ref: row.entity_ref,
        resolution: HOUR_RESOLUTION,
        bucket_start: hour,
        count,
      }),
    ),
  );
  return await tx
    .knex('occurrences')
    .where('resolution', MINUTE_RESOLUTION)
    .andWhere('bucket_start', '<', rollupBefore)
    .delete();
}

/** Minute rows summed per owner and hour, as new hour rows. */
function sumPerHour<
  Row extends { bucket_start: DbNumber; count: DbNumber },
  Out extends OccurrenceRow | EntityOccurrenceRow,
>(
  rows: Row[],
  owner: (row: Row) => string,
  toHourRow: (row: Row, hour: number, count: number) => Out,
): Out[] {
  const hours = new Map<string, Out>();
  for (const row of rows) {
    const hour = Math.floor(toNumber(row.bucket_start) / HOUR_MS) * HOUR_MS;
    const key = `${owner(row)}\n${hour}`;
    const bucket = hours.get(key);
    if (bucket) {
      bucket.count += toNumber(row.count);
    } else {
      hours.set(key, toHourRow(row, hour, toNumber(row.count)));
    }
  }
  return [...hours.values()];
}
