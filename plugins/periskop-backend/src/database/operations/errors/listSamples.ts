import { DbNumber, toNumber } from '../../tables';
import { StoredSample } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** Samples of one group, newest first, each with its (shared) content. */
export async function listSamples(
  db: StoreDatabase,
  groupId: number,
): Promise<StoredSample[]> {
  const rows: Array<{
    uuid: string;
    timestamp: DbNumber;
    severity: string;
    instance_key: string | null;
    data: string;
  }> = await db
    .knex('samples as s')
    .join('sample_contents as c', 'c.digest', 's.content_digest')
    // an instance is forgotten only after its samples expired; a sample
    // converted from before instances were kept has none
    .leftJoin('instances as i', 'i.id', 's.instance_id')
    .select('s.uuid', 's.timestamp', 's.severity', 'i.instance_key', 'c.data')
    .where('s.group_id', groupId)
    .orderBy([
      { column: 's.timestamp', order: 'desc' },
      { column: 's.uuid', order: 'desc' },
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
      instanceKey: row.instance_key ?? '',
      error: data.error,
      httpContext: data.httpContext ?? null,
    });
  }
  return samples;
}
