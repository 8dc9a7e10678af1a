import { DbNumber, toNumber } from '../../tables';
import { StoredSample } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** Samples of one group, newest first. */
export async function listSamples(
  db: StoreDatabase,
  groupId: number,
): Promise<StoredSample[]> {
  const rows: Array<{
    uuid: string;
    timestamp: DbNumber;
    severity: string;
    instance_key: string;
    data: string;
  }> = await db
    .knex('samples')
    .select('uuid', 'timestamp', 'severity', 'instance_key', 'data')
    .where('group_id', groupId)
    .orderBy([
      { column: 'timestamp', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  const samples: StoredSample[] = [];
  for (const row of rows) {
    let data: Pick<StoredSample, 'error' | 'httpContext'>;
    try {
      data = JSON.parse(row.data);
    } catch {
      // written by the ingest, so only a damaged row gets here; skip it
      continue;
    }
    samples.push({
      uuid: row.uuid,
      timestampMs: toNumber(row.timestamp),
      severity: row.severity,
      instanceKey: row.instance_key,
      error: data.error,
      httpContext: data.httpContext ?? null,
    });
  }
  return samples;
}
