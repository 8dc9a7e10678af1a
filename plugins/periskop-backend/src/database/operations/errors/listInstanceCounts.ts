import { DbNumber, toNumber } from '../../tables';
import { StoredInstanceCount } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** Per-instance lifetime counts of one group, most first. */
export async function listInstanceCounts(
  db: StoreDatabase,
  groupId: number,
): Promise<StoredInstanceCount[]> {
  const rows: Array<{
    instance_key: string;
    total_count: DbNumber;
    last_count: DbNumber;
    last_seen: DbNumber;
  }> = await db
    .knex('instance_counters as c')
    .join('instances as i', 'i.id', 'c.instance_id')
    .where('c.group_id', groupId)
    .select('i.instance_key', 'c.total_count', 'c.last_count', 'c.last_seen')
    .orderBy([
      { column: 'c.total_count', order: 'desc' },
      { column: 'i.instance_key' },
    ]);
  return rows.map(row => ({
    instanceKey: row.instance_key,
    totalCount: toNumber(row.total_count),
    lastCount: toNumber(row.last_count),
    lastSeen: toNumber(row.last_seen),
  }));
}
