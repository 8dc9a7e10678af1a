import { ScrapeTarget } from '../../../discovery/types';
import { chunk } from '../../sql/sqlValues';
import { inTransaction, StoreDatabase } from '../../sql/StoreDatabase';
import { listEntityPresence } from '../entities/listEntityPresence';
import { planEntityPresence } from '../entities/planEntityPresence';
import { writeEntityPresence } from '../entities/writeEntityPresence';
import { listScrapeTargets } from './listScrapeTargets';

/**
 * Makes the stored target list equal to `targets` (insert new, update
 * changed definitions, delete the rest with their health), and records
 * which entities discovery lists: those with targets, and `entityRefs`
 * (annotated entities without a valid entry); any other entity is missing
 * from `now` on (see `entity_presence`). `targets` must be the whole list
 * of a discovery. Writes nothing when nothing changed.
 */
export async function syncTargets(
  db: StoreDatabase,
  targets: ScrapeTarget[],
  now: number = Date.now(),
  entityRefs: readonly string[] = [],
): Promise<{ added: number; removed: number; updated: number }> {
  const wanted = new Map<string, ScrapeTarget>();
  for (const target of targets) {
    wanted.set(target.id, target);
  }
  const existing = await listScrapeTargets(db);
  const existingById = new Map(existing.map(row => [row.id, row]));
  const presence = planEntityPresence(
    await listEntityPresence(db),
    new Set([...targets.map(target => target.entityRef), ...entityRefs]),
  );

  const upserts: ScrapeTarget[] = [];
  let added = 0;
  let updated = 0;
  for (const target of wanted.values()) {
    const row = existingById.get(target.id);
    if (!row) {
      added++;
      upserts.push(target);
    } else if (
      row.entityRef !== target.entityRef ||
      row.url !== target.url ||
      row.source !== target.source ||
      (row.unavailableReason ?? null) !== (target.unavailableReason ?? null) ||
      (row.serviceName ?? null) !== (target.serviceName ?? null)
    ) {
      updated++;
      upserts.push(target);
    }
  }
  const removed = existing.filter(row => !wanted.has(row.id)).map(r => r.id);

  if (
    upserts.length === 0 &&
    removed.length === 0 &&
    presence.listed.length === 0 &&
    presence.missing.length === 0
  ) {
    return { added: 0, removed: 0, updated: 0 };
  }

  await inTransaction(db, async tx => {
    // An upsert rather than insert + update: another replica syncing the
    // same list at the same time must not make this fail.
    for (const part of chunk(upserts)) {
      await tx
        .knex('targets')
        .insert(
          part.map(t => ({
            id: t.id,
            entity_ref: t.entityRef,
            url: t.url,
            source: t.source,
            unavailable_reason: t.unavailableReason ?? null,
            service_name: t.serviceName ?? null,
          })),
        )
        .onConflict('id')
        .merge([
          'entity_ref',
          'url',
          'source',
          'unavailable_reason',
          'service_name',
        ]);
    }
    for (const part of chunk(removed)) {
      await tx.knex('targets').whereIn('id', part).delete();
    }
    await writeEntityPresence(tx, presence, now);
  });

  return { added, removed: removed.length, updated };
}
