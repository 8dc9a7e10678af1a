import { EntityOccurrenceRow, OccurrenceRow } from '../../tables';
import { insertRows } from '../../sql/insertRows';
import { chunk } from '../../sql/sqlValues';
import { excluded, quote, StoreDatabase } from '../../sql/StoreDatabase';

/**
 * Adds counts to buckets of `table` (keyed by `owner`, resolution and
 * start) with one atomic upsert per chunk, in key order: concurrent applies
 * of other instances may add to the same buckets.
 */
async function addToBuckets<K extends string>(
  db: StoreDatabase,
  table: 'occurrences' | 'entity_occurrences',
  owner: K,
  rows: Array<
    Record<K, string | number> & {
      resolution: number;
      bucket_start: number;
      count: number;
    }
  >,
): Promise<void> {
  const sorted = [...rows].sort(
    (a, b) =>
      (a[owner] < b[owner] ? -1 : Number(a[owner] > b[owner])) ||
      a.resolution - b.resolution ||
      a.bucket_start - b.bucket_start,
  );
  for (const part of chunk(sorted)) {
    await insertRows(db, table, part, {
      columns: [owner, 'resolution', 'bucket_start'],
      action: {
        count: `${quote(db, table)}.${quote(db, 'count')} + ${excluded(
          db,
          'count',
        )}`,
      },
    });
  }
}

/** Adds counts to group buckets. */
export async function addToGroupBuckets(
  db: StoreDatabase,
  rows: OccurrenceRow[],
): Promise<void> {
  await addToBuckets(db, 'occurrences', 'group_id', rows);
}

/**
 * Adds counts to an entity's sums. All instances of an entity add to the
 * same rows; they lock them last in their transaction, after the group
 * rows, so the lock order stays the same for every apply.
 */
export async function addToEntityBuckets(
  db: StoreDatabase,
  rows: EntityOccurrenceRow[],
): Promise<void> {
  await addToBuckets(db, 'entity_occurrences', 'entity_ref', rows);
}
