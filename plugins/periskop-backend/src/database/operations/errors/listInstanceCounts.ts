import { DbNumber, toNumber } from '../../tables';
import { StoredInstanceCount } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * Per-instance lifetime counts of one group, most first. An instance has
 * one counter per key, and an overflow group counts many keys: their
 * counters are summed per instance.
 */
export async function listInstanceCounts(
  db: StoreDatabase,
  groupId: number,
): Promise<StoredInstanceCount[]> {
  const rows = (await db
    .knex('instance_counters as c')
    .join('instances as i', 'i.id', 'c.instance_id')
    .where('c.group_id', groupId)
    .groupBy('i.instance_key')
    .select('i.instance_key')
    .sum({ total_count: 'c.total_count', last_count: 'c.last_count' })
    .max({ last_seen: 'c.last_seen' })
    .orderBy([
      { column: 'total_count', order: 'desc' },
      { column: 'i.instance_key' },
    ])) as Array<{
    instance_key: string;
    total_count: DbNumber;
    last_count: DbNumber;
    last_seen: DbNumber;
  }>;
  return rows.map(row => ({
    instanceKey: row.instance_key,
    totalCount: toNumber(row.total_count),
    lastCount: toNumber(row.last_count),
    lastSeen: toNumber(row.last_seen),
  }));
}
