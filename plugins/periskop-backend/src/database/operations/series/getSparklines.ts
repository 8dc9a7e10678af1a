import { integer, isRowId } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { MAX_SERIES_POINTS, sumOccurrenceSteps } from './sumOccurrenceSteps';

/**
 * Small series for many groups at once (list sparklines): per group id,
 * `Math.ceil((to - from) / stepMs)` counts from `from`, zero-filled.
 */
export async function getSparklines(
  db: StoreDatabase,
  options: {
    groupIds: number[];
    from: number;
    to: number;
    stepMs: number;
  },
): Promise<Map<number, number[]>> {
  const from = integer(options.from, 'from');
  const to = integer(options.to, 'to');
  const stepMs = integer(options.stepMs, 'stepMs');
  const points = Math.ceil((to - from) / stepMs);
  if (stepMs < 1 || points < 1 || points > MAX_SERIES_POINTS) {
    throw new RangeError(
      `Invalid sparkline window: ${points} points of ${options.stepMs}ms`,
    );
  }
  const groupIds = [...new Set(options.groupIds.filter(isRowId))];
  const sums = await sumOccurrenceSteps(db, groupIds, from, to, stepMs);
  return new Map(
    groupIds.map(id => {
      const values = new Array<number>(points).fill(0);
      sums.get(id)?.forEach((count, i) => {
        if (i < points) values[i] = count;
      });
      return [id, values];
    }),
  );
}
