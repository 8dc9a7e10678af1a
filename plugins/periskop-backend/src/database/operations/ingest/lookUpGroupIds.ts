import { DbNumber, toNumber } from '../../tables';
import { chunk } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * The ids of an entity's groups with these key hashes (those that exist),
 * by key hash. Read without locks: the rows are locked later, in id order,
 * by `lockGroups` and the update.
 */
export async function lookUpGroupIds(
  tx: StoreDatabase,
  entityRef: string,
  keyHashes: readonly string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunk(keyHashes)) {
    const rows: Array<{ id: DbNumber; key_hash: string }> = await tx
      .knex('error_groups')
      .select('id', 'key_hash')
      .where('entity_ref', entityRef)
      .whereIn('key_hash', part);
    for (const row of rows) {
      ids.set(row.key_hash, toNumber(row.id));
    }
  }
  return ids;
}
