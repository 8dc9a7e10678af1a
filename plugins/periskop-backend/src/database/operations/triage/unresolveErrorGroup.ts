import { StoredErrorGroup } from '../../types';
import { getErrorGroup } from '../errors/getErrorGroup';
import { isRowId } from '../../sql/sqlValues';
import { inTransaction, StoreDatabase } from '../../sql/StoreDatabase';

/**
 * Reopens a group: status open, not regressed, resolve cleared. Keeps
 * regressed_at, the time of the latest regression, as history.
 */
export async function unresolveErrorGroup(
  db: StoreDatabase,
  id: number,
): Promise<StoredErrorGroup | undefined> {
  if (!isRowId(id)) {
    return undefined;
  }
  return inTransaction(db, async tx => {
    await tx.knex('error_groups').where('id', id).update({
      status: 'open',
      regressed: false,
      resolved_at: null,
      resolved_by: null,
    });
    return getErrorGroup(tx, id);
  });
}
