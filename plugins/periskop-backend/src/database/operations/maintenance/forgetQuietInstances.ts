import { DbNumber, toNumber } from '../../tables';
import { chunk } from '../../sql/sqlValues';
import {
  forUpdate,
  inTransaction,
  StoreDatabase,
} from '../../sql/StoreDatabase';

/**
 * Deletes instances (and their counters) not seen since `expiry`; returns
 * how many. Locked like an apply locks them: an instance that is being
 * scraped right now gets its last_seen_at refreshed and is then not
 * selected (PostgreSQL re-checks the condition after the wait), so its
 * counters are never dropped while its digest stays, which would count its
 * whole total again.
 */
export async function forgetQuietInstances(
  db: StoreDatabase,
  expiry: number,
): Promise<number> {
  return inTransaction(db, async tx => {
    const rows: Array<{ id: DbNumber }> = await forUpdate(
      tx,
      tx
        .knex('instances')
        .select('id')
        .where('last_seen_at', '<', expiry)
        .orderBy('id'),
    );
    let deleted = 0;
    for (const part of chunk(rows.map(r => toNumber(r.id)))) {
      // explicit rather than through ON DELETE CASCADE, which SQLite only
      // honours when foreign keys are switched on for the connection
      await tx.knex('instance_counters').whereIn('instance_id', part).delete();
      deleted += await tx
        .knex('instances')
        .whereIn('id', part)
        .andWhere('last_seen_at', '<', expiry)
        .delete();
    }
    return deleted;
  });
}
