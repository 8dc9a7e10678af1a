import { DbNumber, toNumber } from '../../tables';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * How many groups an entity has, its overflow group included (the caller
 * knows whether it exists). Counted off the (entity_ref, key_hash) index.
 */
export async function countEntityGroups(
  tx: StoreDatabase,
  entityRef: string,
): Promise<number> {
  const [row]: Array<{ n: DbNumber }> = await tx
    .knex('error_groups')
    .where('entity_ref', entityRef)
    .count({ n: '*' });
  return toNumber(row.n);
}
