import { integer, isRowId } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * Records that the owners of these groups are notified at `now`, except
 * for groups they were notified about within the quiet period; returns the
 * ids it recorded, the groups to notify about. One conditional UPDATE per
 * group, so the database decides: two replicas (or a notification of a
 * regression right after the one of the group's creation) never both get
 * a group within one quiet period. Groups deleted meanwhile are left out.
 *
 * Runs only for groups that just became new or regressed, which are few;
 * never on the steady path of a scrape.
 */
export async function claimNotifications(
  db: StoreDatabase,
  ids: readonly number[],
  options: { now: number; quietPeriodMs: number },
): Promise<number[]> {
  const now = integer(options.now, 'now');
  const quietUntil = now - integer(options.quietPeriodMs, 'quietPeriodMs');
  const claimed: number[] = [];
  for (const id of new Set(ids)) {
    if (!isRowId(id)) {
      continue;
    }
    const updated = await db
      .knex('error_groups')
      .where('id', id)
      .andWhere(quiet =>
        quiet.whereNull('notified_at').orWhere('notified_at', '<=', quietUntil),
      )
      .update({ notified_at: now });
    if (Number(updated) > 0) {
      claimed.push(id);
    }
  }
  return claimed;
}
