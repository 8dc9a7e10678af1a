import { insertRows } from '../../sql/insertRows';
import { chunk, integer } from '../../sql/sqlValues';
import { excluded, quote, StoreDatabase } from '../../sql/StoreDatabase';
import { CounterWrite } from './ResolvedGroup';

/**
 * The counter state of one instance for every key of the update: the last
 * count (what the next scrape's delta is taken from), the group its deltas
 * go to, the lifetime sum of its deltas in that group, and when it last
 * occurred.
 */
export async function upsertCounters(
  tx: StoreDatabase,
  instanceId: number,
  counters: readonly CounterWrite[],
): Promise<void> {
  const q = (identifier: string) => quote(tx, identifier);
  const current = (column: string) => `${q('instance_counters')}.${q(column)}`;
  for (const part of chunk(counters)) {
    await insertRows(
      tx,
      'instance_counters',
      part.map(c => ({
        instance_id: instanceId,
        key_hash: c.keyHash,
        group_id: c.groupId,
        last_count: integer(c.currentCount, 'currentCount'),
        total_count: integer(c.delta, 'delta'),
        last_seen: integer(c.lastSeen, 'lastSeen'),
      })),
      {
        columns: ['instance_id', 'key_hash'],
        // MySQL evaluates these left to right and lets later ones see
        // earlier results: group_id, which total_count reads, comes last.
        action: {
          last_count: excluded(tx, 'last_count'),
          // the sum is per group: a counter whose group was deleted, or a
          // folded key that got its own group, starts it afresh
          total_count: `CASE WHEN ${current('group_id')} IS NULL OR ${current(
            'group_id',
          )} <> ${excluded(tx, 'group_id')} THEN ${excluded(
            tx,
            'total_count',
          )} ELSE ${current('total_count')} + ${excluded(
            tx,
            'total_count',
          )} END`,
          // lastSeen only means something when there was a new occurrence
          last_seen: `CASE WHEN ${excluded(
            tx,
            'total_count',
          )} > 0 THEN ${excluded(tx, 'last_seen')} ELSE ${current(
            'last_seen',
          )} END`,
          group_id: excluded(tx, 'group_id'),
        },
      },
    );
  }
}
