import { DbNumber, toNumber } from '../../tables';
import { CHUNK_SIZE, integer } from '../../sql/sqlValues';
import {
  forUpdate,
  inTransaction,
  StoreDatabase,
} from '../../sql/StoreDatabase';
import { isTransientTransactionError } from '../../sql/isTransientTransactionError';

/** Attempts of one batch when the database reports a deadlock. */
const MAX_ATTEMPTS = 3;

/**
 * Deletes the groups without an occurrence since `idleBefore`, except open
 * regressions (they wait for someone to look), with their samples and
 * group buckets; returns how many. The counters that pointed to them keep
 * their last counts with a NULL group, so an instance that still reports
 * the same count adds nothing, and only a later positive delta creates the
 * group again. Set explicitly rather than through ON DELETE SET NULL,
 * which SQLite only honours with foreign keys on.
 *
 * The entity's occurrence sums stay: they are the entity's history, and
 * expire with retention. Sample contents expire by their last use.
 *
 * In batches, each locked and re-checked like the ingest locks groups, so
 * a group that gets an occurrence while this runs is kept.
 */
export async function deleteIdleGroups(
  db: StoreDatabase,
  idleBefore: number,
): Promise<number> {
  const before = integer(idleBefore, 'idleBefore');
  let deleted = 0;
  // batches walk the ids upwards, so that no batch scans again past the
  // groups that the ones before kept
  let afterId = 0;
  for (;;) {
    const from = afterId;
    const batch = await withRetries(() =>
      inTransaction(db, tx => deleteBatch(tx, before, from)),
    );
    deleted += batch.deleted;
    if (batch.lastId === undefined || batch.deleted < CHUNK_SIZE) {
      return deleted;
    }
    afterId = batch.lastId;
  }
}

/** Deletes the next idle groups with ids above `afterId`; `lastId` is undefined when there were none left. */
async function deleteBatch(
  tx: StoreDatabase,
  idleBefore: number,
  afterId: number,
): Promise<{ deleted: number; lastId?: number }> {
  const rows: Array<{ id: DbNumber }> = await forUpdate(
    tx,
    tx
      .knex('error_groups')
      .select('id')
      .where('id', '>', afterId)
      .andWhere('last_seen', '<', idleBefore)
      // an open regression is kept: it waits for someone to look
      .andWhere(group =>
        group.whereNot('status', 'open').orWhere('regressed', false),
      )
      .orderBy('id')
      .limit(CHUNK_SIZE),
  );
  if (rows.length === 0) {
    return { deleted: 0 };
  }
  const ids = rows.map(row => toNumber(row.id));
  await tx
    .knex('instance_counters')
    .whereIn('group_id', ids)
    .update({ group_id: null });
  await tx.knex('samples').whereIn('group_id', ids).delete();
  await tx.knex('occurrences').whereIn('group_id', ids).delete();
  await tx.knex('error_groups').whereIn('id', ids).delete();
  return { deleted: ids.length, lastId: ids[ids.length - 1] };
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransientTransactionError(error)) {
        throw error;
      }
    }
  }
}
