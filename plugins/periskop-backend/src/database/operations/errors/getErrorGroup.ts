import { GROUP_COLUMNS, GroupRow, toStoredGroup } from '../../tables';
import { StoredErrorGroup } from '../../types';
import { isRowId } from '../../sql/sqlValues';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';
import { notMissingEntitySql } from '../entities/missingEntities';

/** One group by id, or undefined (also when its entity is missing from discovery). */
export async function getErrorGroup(
  db: StoreDatabase,
  id: number,
): Promise<StoredErrorGroup | undefined> {
  if (!isRowId(id)) {
    return undefined;
  }
  const row = (await db
    .knex('error_groups as g')
    .select(GROUP_COLUMNS.map(column => `g.${column}`))
    .where('g.id', id)
    .whereRaw(
      notMissingEntitySql(db, `${quote(db, 'g')}.${quote(db, 'entity_ref')}`),
    )
    .first()) as GroupRow | undefined;
  return row ? toStoredGroup(row) : undefined;
}
