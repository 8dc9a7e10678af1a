import { RESOLVED_BY_LENGTH } from '../../tables';
import { StoredErrorGroup } from '../../types';
import { getErrorGroup } from '../errors/getErrorGroup';
import { integer, isRowId, truncateCodePoints } from '../../sql/sqlValues';
import { inTransaction, StoreDatabase } from '../../sql/StoreDatabase';

/**
 * A conditional UPDATE (only an open group changes), then the read of the
 * result, in one transaction: of two concurrent resolves the first one
 * wins and the second returns it unchanged.
 */
export async function resolveErrorGroup(
  db: StoreDatabase,
  id: number,
  options: { by: string; at: number },
): Promise<StoredErrorGroup | undefined> {
  if (!isRowId(id)) {
    return undefined;
  }
  const at = integer(options.at, 'at');
  const by = truncateCodePoints(options.by, RESOLVED_BY_LENGTH);
  return inTransaction(db, async tx => {
    await tx
      .knex('error_groups')
      .where('id', id)
      .andWhereNot('status', 'resolved')
      .update({
        status: 'resolved',
        resolved_at: at,
        resolved_by: by,
        regressed: false,
      });
    return getErrorGroup(tx, id);
  });
}
