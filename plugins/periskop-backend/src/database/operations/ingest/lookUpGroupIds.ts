import { GroupUpdate } from '../../../aggregation/types';
import { DbNumber, toNumber } from '../../tables';
import { chunk } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * The ids of the groups of an update, and the groups that do not exist
 * yet. Ids of groups this instance already counts come with its state
 * (`known`); the others are read without locks (the rows are locked later,
 * in id order, by `lockGroups` and the update).
 */
export async function lookUpGroupIds(
  tx: StoreDatabase,
  entityRef: string,
  updates: readonly GroupUpdate[],
  known: Map<string, number>,
): Promise<{ ids: Map<string, number>; missing: GroupUpdate[] }> {
  const ids = new Map<string, number>();
  const unknown: GroupUpdate[] = [];
  for (const g of updates) {
    const id = known.get(g.keyHash);
    if (id === undefined) {
      unknown.push(g);
    } else {
      ids.set(g.keyHash, id);
    }
  }
  for (const part of chunk(unknown)) {
    const rows: Array<{ id: DbNumber; key_hash: string }> = await tx
      .knex('error_groups')
      .select('id', 'key_hash')
      .where('entity_ref', entityRef)
      .whereIn(
        'key_hash',
        part.map(g => g.keyHash),
      );
    for (const row of rows) {
      ids.set(row.key_hash, toNumber(row.id));
    }
  }
  return { ids, missing: unknown.filter(g => !ids.has(g.keyHash)) };
}
