import { chunk, integer } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { EntityPresenceChanges } from './planEntityPresence';

/**
 * Writes the presence changes of one sync, inside the caller's
 * transaction. Listed entities are upserted as present, so that another
 * replica syncing the same list at the same time cannot make this fail;
 * a missing entity keeps the `missing_since` that was set first.
 */
export async function writeEntityPresence(
  tx: StoreDatabase,
  changes: EntityPresenceChanges,
  now: number,
): Promise<void> {
  for (const part of chunk(changes.listed)) {
    await tx
      .knex('entity_presence')
      .insert(part.map(ref => ({ entity_ref: ref, missing_since: null })))
      .onConflict('entity_ref')
      .merge(['missing_since']);
  }
  for (const part of chunk(changes.missing)) {
    await tx
      .knex('entity_presence')
      .whereIn('entity_ref', part)
      .whereNull('missing_since')
      .update({ missing_since: integer(now, 'now') });
  }
}
