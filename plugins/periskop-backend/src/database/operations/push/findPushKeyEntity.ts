import { StoreDatabase } from '../../sql/StoreDatabase';

/** The entity whose push key has this hash, if any. */
export async function findPushKeyEntity(
  db: StoreDatabase,
  keyHash: string,
): Promise<string | undefined> {
  const row: { entity_ref: string } | undefined = await db
    .knex('push_keys')
    .select('entity_ref')
    .where('key_hash', keyHash)
    .first();
  return row?.entity_ref;
}
