import { GroupUpdate } from '../../../aggregation/types';
import { insertRows } from '../../sql/insertRows';
import { chunk, integer } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * Creates groups seen for the first time, with a zero total: the
 * transaction that runs next adds the delta exactly as for any existing
 * group, so it does not matter which replica or instance created a group.
 * Run outside of any transaction, so no lock is held longer than a
 * statement. `overflow` marks the entity's overflow group (see
 * `overflowGroup.ts`).
 */
export async function createGroups(
  db: StoreDatabase,
  entityRef: string,
  groups: readonly GroupUpdate[],
  options?: { overflow?: boolean },
): Promise<void> {
  // sorted, so that concurrent multi-row inserts meet in the same order
  const sorted = [...groups].sort((a, b) => (a.keyHash < b.keyHash ? -1 : 1));
  for (const part of chunk(sorted)) {
    await insertRows(
      db,
      'error_groups',
      part.map(g => ({
        entity_ref: entityRef,
        key_hash: g.keyHash,
        aggregation_key: g.aggregationKey,
        error_class: g.errorClass,
        message: g.message,
        severity: g.severity,
        search_text: g.searchText,
        total_count: 0,
        first_seen: integer(g.firstSeen, 'firstSeen'),
        last_seen: integer(g.lastSeen, 'lastSeen'),
        latest_sample_at:
          g.latestSampleAt === null
            ? null
            : integer(g.latestSampleAt, 'latestSampleAt'),
        status: 'open',
        regressed: false,
        overflow: options?.overflow ?? false,
      })),
      { columns: ['entity_ref', 'key_hash'], action: 'ignore' },
    );
  }
}

/**
 * Creates the row of an instance seen for the first time, without
 * counters: exactly a new instance to the transaction that runs next.
 */
export async function createInstance(
  db: StoreDatabase,
  options: { entityRef: string; instanceKey: string; url: string; now: number },
): Promise<void> {
  await db
    .knex('instances')
    .insert({
      entity_ref: options.entityRef,
      instance_key: options.instanceKey,
      url: options.url,
      counters_digest: null,
      last_seen_at: options.now,
    })
    .onConflict(['entity_ref', 'instance_key'])
    .ignore();
}
