import { StoreDatabase } from '../../sql/StoreDatabase';

/** Revokes the entity's push key; false when it had none. */
export async function deletePushKey(
  db: StoreDatabase,
  entityRef: string,
): Promise<boolean> {
  const deleted = await db
    .knex('push_keys')
    .where('entity_ref', entityRef)
    .delete();
  return deleted > 0;
}
