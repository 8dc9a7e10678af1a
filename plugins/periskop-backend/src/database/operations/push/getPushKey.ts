import { StoreDatabase } from '../../sql/StoreDatabase';
import { PushKeyRow, StoredPushKey, toStoredPushKey } from './pushKeyRecords';

/** The push key of an entity (without its hash), if it has one. */
export async function getPushKey(
  db: StoreDatabase,
  entityRef: string,
): Promise<StoredPushKey | undefined> {
  const row: PushKeyRow | undefined = await db
    .knex<PushKeyRow>('push_keys')
    .where('entity_ref', entityRef)
    .first();
  return row ? toStoredPushKey(row) : undefined;
}
