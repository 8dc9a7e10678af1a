import { GROUP_COLUMNS, GroupRow, toStoredGroup } from '../../tables';
import { StoredErrorGroup } from '../../types';
import { isRowId } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** One group by id, or undefined. */
export async function getErrorGroup(
  db: StoreDatabase,
  id: number,
): Promise<StoredErrorGroup | undefined> {
  if (!isRowId(id)) {
    return undefined;
  }
  const row: GroupRow | undefined = await db
    .knex<GroupRow>('error_groups')
    .select(...GROUP_COLUMNS)
    .where('id', id)
    .first();
  return row ? toStoredGroup(row) : undefined;
}
