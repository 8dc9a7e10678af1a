import { insertRows } from '../../sql/insertRows';
import { chunk, integer } from '../../sql/sqlValues';
import { excluded, quote, StoreDatabase } from '../../sql/StoreDatabase';
import { ResolvedGroup } from './ResolvedGroup';

/**
 * The counter state of one instance for every group of the update: the
 * last count (what the next scrape's delta is taken from), the lifetime sum
 * of its deltas, and when it last occurred.
 */
export async function upsertCounters(
  tx: StoreDatabase,
  instanceId: number,
  groups: readonly ResolvedGroup[],
): Promise<void> {
  const q = (identifier: string) => quote(tx, identifier);
  for (const part of chunk(groups)) {
    await insertRows(
      tx,
      'instance_counters',
      part.map(g => ({
        instance_id: instanceId,
        group_id: g.id,
        last_count: integer(g.update.currentCount, 'currentCount'),
        total_count: integer(g.update.delta, 'delta'),
        last_seen: integer(g.update.lastSeen, 'lastSeen'),
      })),
      {
        columns: ['instance_id', 'group_id'],
        action: {
          last_count: excluded(tx, 'last_count'),
          total_count: `${q('instance_counters')}.${q(
            'total_count',
          )} + ${excluded(tx, 'total_count')}`,
          // lastSeen only means something when there was a new occurrence
          last_seen: `CASE WHEN ${excluded(
            tx,
            'total_count',
          )} > 0 THEN ${excluded(tx, 'last_seen')} ELSE ${q(
            'instance_counters',
          )}.${q('last_seen')} END`,
        },
      },
    );
  }
}
