import { DbNumber, toNumber } from '../../tables';
import { chunk } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { GroupStateBefore } from './GroupTransition';
import { ResolvedGroup } from './ResolvedGroup';

/**
 * Locks group rows in id order before anything else in the transaction
 * touches them, and returns the rows of the changed groups as they were
 * (what tells a new group or a regression, see `detectTransitions`).
 * Instances of one entity report the same errors, so their applies write
 * the same group rows at the same time, and rows locked in different
 * orders deadlock:
 *
 * - PostgreSQL locks the rows of an UPDATE in whatever order its plan
 *   visits them (a sequential scan follows the physical order, which every
 *   update changes). `ORDER BY id FOR NO KEY UPDATE` takes the lock that
 *   UPDATE takes, in sorted order, and like it does not conflict with the
 *   `FOR KEY SHARE` locks that the foreign key checks of other applies'
 *   counter, sample and occurrence rows take on the group. Only the
 *   changed groups are updated, so only they need it.
 * - MySQL's foreign key checks take shared locks on the group rows, which
 *   conflict with the exclusive locks of the update. So every group of the
 *   update is locked here, in id order; the later statements then only
 *   touch rows that this transaction holds already.
 * - SQLite has no row locks but runs one write transaction at a time, so
 *   a plain read sees the rows as the update will.
 *
 * The read is the one statement the transitions cost: it runs when a group
 * changed (also for a single group, which alone could not deadlock) and
 * reads a few columns by primary key.
 */
export async function lockGroups(
  tx: StoreDatabase,
  groups: readonly ResolvedGroup[],
): Promise<Map<number, GroupStateBefore>> {
  const changed = groups.filter(g => g.update.delta > 0);
  const toLock = tx.dialect === 'mysql' ? groups : changed;
  const before = new Map<number, GroupStateBefore>();
  if (changed.length === 0 && (tx.dialect !== 'mysql' || toLock.length < 2)) {
    return before;
  }
  const changedIds = new Set(changed.map(g => g.id));
  for (const part of chunk(toLock)) {
    let query = tx
      .knex('error_groups')
      .select('id', 'total_count', 'status', 'resolved_by')
      .whereIn(
        'id',
        part.map(g => g.id),
      )
      .orderBy('id');
    if (tx.dialect === 'pg') {
      query = query.forNoKeyUpdate();
    } else if (tx.dialect === 'mysql') {
      query = query.forUpdate();
    }
    const rows: Array<{
      id: DbNumber;
      total_count: DbNumber;
      status: string;
      resolved_by: string | null;
    }> = await query;
    for (const row of rows) {
      const id = toNumber(row.id);
      if (changedIds.has(id)) {
        before.set(id, {
          totalCount: toNumber(row.total_count),
          status: row.status === 'resolved' ? 'resolved' : 'open',
          resolvedBy: row.resolved_by ?? null,
        });
      }
    }
  }
  return before;
}
