import { chunk } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { ResolvedGroup } from './ResolvedGroup';

/**
 * Locks group rows in id order before anything else in the transaction
 * touches them. Instances of one entity report the same errors, so their
 * applies write the same group rows at the same time, and rows locked in
 * different orders deadlock:
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
 *
 * One row cannot be taken out of order, and SQLite has no row locks.
 */
export async function lockGroups(
  tx: StoreDatabase,
  groups: readonly ResolvedGroup[],
): Promise<void> {
  const toLock =
    tx.dialect === 'pg' ? groups.filter(g => g.update.delta > 0) : groups;
  if (tx.dialect === 'sqlite' || toLock.length < 2) {
    return;
  }
  for (const part of chunk(toLock)) {
    const query = tx
      .knex('error_groups')
      .select('id')
      .whereIn(
        'id',
        part.map(g => g.id),
      )
      .orderBy('id');
    await (tx.dialect === 'pg' ? query.forNoKeyUpdate() : query.forUpdate());
  }
}
