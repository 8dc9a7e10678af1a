import { DbNumber, toNumber } from '../../tables';
import { integer } from '../../sql/sqlValues';
import {
  forUpdate,
  inTransaction,
  StoreDatabase,
} from '../../sql/StoreDatabase';

/**
 * Deletes every stored row of the entities missing from discovery since
 * before `missingBefore` (groups, samples, group and entity buckets,
 * counters, instances, push keys and pushed instances) and their presence
 * rows; returns how many entities.
 * One transaction per entity, with its presence row locked and re-checked:
 * an entity that a sync lists again meanwhile keeps everything. An entity
 * that still has targets is skipped, as discovery listed it after all; the
 * next sync settles its presence. Explicit deletes rather than ON DELETE
 * CASCADE, which SQLite only honours with foreign keys on. Sample contents
 * expire by their last use.
 */
export async function deleteRemovedEntities(
  db: StoreDatabase,
  missingBefore: number,
): Promise<number> {
  const before = integer(missingBefore, 'missingBefore');
  const candidates: string[] = await db
    .knex('entity_presence')
    .where('missing_since', '<', before)
    .orderBy('entity_ref')
    .pluck('entity_ref');
  let deleted = 0;
  for (const entityRef of candidates) {
    if (await inTransaction(db, tx => deleteEntity(tx, entityRef, before))) {
      deleted += 1;
    }
  }
  return deleted;
}

async function deleteEntity(
  tx: StoreDatabase,
  entityRef: string,
  missingBefore: number,
): Promise<boolean> {
  const [row] = await forUpdate(
    tx,
    tx
      .knex('entity_presence')
      .select('entity_ref')
      .where('entity_ref', entityRef)
      .andWhere('missing_since', '<', missingBefore),
  );
  if (!row) {
    return false;
  }
  const [{ n }]: Array<{ n: DbNumber }> = await tx
    .knex('targets')
    .where('entity_ref', entityRef)
    .count({ n: '*' });
  if (toNumber(n) > 0) {
    return false;
  }
  const groups = tx
    .knex('error_groups')
    .select('id')
    .where('entity_ref', entityRef);
  const instances = tx
    .knex('instances')
    .select('id')
    .where('entity_ref', entityRef);
  // children before parents, for the foreign keys
  await tx.knex('instance_counters').whereIn('instance_id', instances).delete();
  await tx.knex('samples').whereIn('group_id', groups).delete();
  await tx.knex('occurrences').where('entity_ref', entityRef).delete();
  await tx.knex('entity_occurrences').where('entity_ref', entityRef).delete();
  await tx.knex('instances').where('entity_ref', entityRef).delete();
  await tx.knex('error_groups').where('entity_ref', entityRef).delete();
  await tx.knex('pushed_instances').where('entity_ref', entityRef).delete();
  await tx.knex('push_keys').where('entity_ref', entityRef).delete();
  await tx.knex('entity_presence').where('entity_ref', entityRef).delete();
  return true;
}
