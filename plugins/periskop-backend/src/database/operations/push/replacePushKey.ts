import { isUniqueViolation } from '../../sql/isUniqueViolation';
import { inTransaction, StoreDatabase } from '../../sql/StoreDatabase';
import { StoredPushKey } from './pushKeyRecords';

/**
 * Gives the entity a new push key (by its hash), replacing any previous
 * one: the old key stops working with the commit.
 */
export async function replacePushKey(
  db: StoreDatabase,
  key: {
    entityRef: string;
    keyHash: string;
    hint: string;
    at: number;
    by: string;
  },
): Promise<StoredPushKey> {
  const replace = () =>
    inTransaction(db, async tx => {
      // delete + insert rather than an upsert: the same statements on every
      // database
      await tx.knex('push_keys').where('entity_ref', key.entityRef).delete();
      await tx.knex('push_keys').insert({
        entity_ref: key.entityRef,
        key_hash: key.keyHash,
        hint: key.hint,
        created_at: key.at,
        created_by: key.by,
        last_used_at: null,
      });
    });
  try {
    await replace();
  } catch (error) {
    // Two rotations at once: both deleted nothing and the other inserted
    // first. Its key is replaced in turn, as if this one came second.
    if (!isUniqueViolation(error)) {
      throw error;
    }
    await replace();
  }
  return {
    entityRef: key.entityRef,
    hint: key.hint,
    createdAt: key.at,
    createdBy: key.by,
    lastUsedAt: null,
  };
}
