import { integer, isRowId } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { MAX_SERIES_POINTS, sumOccurrenceSteps } from './sumOccurrenceSteps';

/**
 * One statement that sums the group's buckets per step in SQL (integer
 * division of the offset from `from`, which is never negative in the
 * range, so it is the floor on every dialect: `DIV` on MySQL, `/` of two
 * integers elsewhere). The bounds are integer literals rather than
 * bindings, because better-sqlite3 binds JS numbers as REAL, which would
 * make SQLite's division fractional. The steps without rows are filled
 * with zeros here.
 */
export async function getOccurrenceSeries(
  db: StoreDatabase,
  options: {
    groupId: number;
    from: number;
    to: number;
    stepMs: number;
  },
): Promise<Array<{ time: number; count: number }>> {
  const from = integer(options.from, 'from');
  const to = integer(options.to, 'to');
  const stepMs = integer(options.stepMs, 'stepMs');
  if (stepMs < 1) {
    throw new RangeError(`stepMs must be positive, got ${options.stepMs}`);
  }
  if (to <= from) {
    return [];
  }
  const points = Math.ceil((to - from) / stepMs);
  if (points > MAX_SERIES_POINTS) {
    throw new RangeError(
      `A series of ${points} points is too long (at most ${MAX_SERIES_POINTS})`,
    );
  }
  const series = Array.from({ length: points }, (_, i) => ({
    time: from + i * stepMs,
    count: 0,
  }));
  if (!isRowId(options.groupId)) {
    return series;
  }
  const sums = await sumOccurrenceSteps(
    db,
    [options.groupId],
    from,
    to,
    stepMs,
  );
  sums.get(options.groupId)?.forEach((count, i) => {
    series[i].count = count;
  });
  return series;
}
