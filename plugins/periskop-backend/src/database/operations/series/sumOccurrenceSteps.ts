import { DbNumber, RESOLUTIONS, toNumber } from '../../tables';
import { chunk, sqlInteger } from '../../sql/sqlValues';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';

/** Points one occurrence series may have (a week of minutes is 10080). */
export const MAX_SERIES_POINTS = 100_000;

/**
 * Occurrences per group and step in [from, to), summed in SQL: sparse,
 * `step index → count` per group.
 */
export async function sumOccurrenceSteps(
  db: StoreDatabase,
  groupIds: number[],
  from: number,
  to: number,
  stepMs: number,
): Promise<Map<number, Map<number, number>>> {
  const result = new Map<number, Map<number, number>>();
  if (groupIds.length === 0 || to <= from) {
    return result;
  }
  const q = (identifier: string) => quote(db, identifier);
  // MySQL's `/` is a decimal division; `from` and `step` are literals
  // because better-sqlite3 binds numbers as REAL.
  const divide = db.dialect === 'mysql' ? 'DIV' : '/';
  const step = `(${q('bucket_start')} - ${sqlInteger(
    from,
  )}) ${divide} ${sqlInteger(stepMs)}`;
  for (const part of chunk(groupIds)) {
    const rows = (await db
      .knex('occurrences')
      .select('group_id', db.knex.raw(`${step} AS ${q('step')}`))
      .sum({ count: 'count' })
      .whereIn('group_id', part)
      // both resolutions, named so that the primary key
      // (group_id, resolution, bucket_start) bounds the time range too
      .whereIn('resolution', RESOLUTIONS)
      .andWhere('bucket_start', '>=', from)
      .andWhere('bucket_start', '<', to)
      .groupBy('group_id', 'step')) as Array<{
      group_id: DbNumber;
      step: DbNumber;
      count: DbNumber | null;
    }>;
    for (const row of rows) {
      const id = toNumber(row.group_id);
      const steps = result.get(id) ?? new Map<number, number>();
      const index = toNumber(row.step);
      steps.set(index, (steps.get(index) ?? 0) + toNumber(row.count ?? 0));
      result.set(id, steps);
    }
  }
  return result;
}
