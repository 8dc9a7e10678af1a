import { UUID_LENGTH } from '../../tables';
import { insertRows } from '../../sql/insertRows';
import { chunk, CHUNK_SIZE, fitToColumn, integer } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { capSamples } from './capSamples';
import { ResolvedGroup } from './ResolvedGroup';

/** Sample data per INSERT, well under MySQL's default max_allowed_packet (16 MiB on MariaDB). */
const SAMPLE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Inserts the new samples of an update (duplicates by uuid are ignored, so
 * a sample reported again, by a retry or another replica, is stored once)
 * and trims each touched group to the newest `samplesPerError`.
 */
export async function insertSamples(
  tx: StoreDatabase,
  options: {
    instanceKey: string;
    groups: readonly ResolvedGroup[];
    samplesPerError: number;
  },
): Promise<void> {
  const { instanceKey, groups, samplesPerError } = options;
  const rows: Array<{
    group_id: number;
    uuid: string;
    timestamp: number;
    severity: string;
    instance_key: string;
    data: string;
  }> = [];
  const touched: number[] = [];
  for (const g of groups) {
    const uuids = new Set<string>();
    for (const sample of g.update.samples) {
      const uuid = fitToColumn(sample.uuid, UUID_LENGTH);
      if (uuids.has(uuid)) {
        continue;
      }
      uuids.add(uuid);
      rows.push({
        group_id: g.id,
        uuid,
        timestamp: integer(sample.timestampMs, 'timestampMs'),
        severity: sample.severity,
        instance_key: instanceKey,
        data: JSON.stringify({
          error: sample.error,
          httpContext: sample.httpContext,
        }),
      });
    }
    if (uuids.size > 0) {
      touched.push(g.id);
    }
  }
  if (rows.length === 0) {
    return;
  }

  // chunks by count and by size: samples can carry large stacks and bodies
  let batch: typeof rows = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length > 0) {
      await insertRows(tx, 'samples', batch, {
        columns: ['group_id', 'uuid'],
        action: 'ignore',
      });
    }
    batch = [];
    batchBytes = 0;
  };
  for (const row of rows) {
    const size = Buffer.byteLength(row.data);
    if (
      batch.length >= CHUNK_SIZE ||
      (batch.length > 0 && batchBytes + size > SAMPLE_CHUNK_BYTES)
    ) {
      await flush();
    }
    batch.push(row);
    batchBytes += size;
  }
  await flush();

  for (const part of chunk(touched)) {
    await capSamples(tx, part, samplesPerError);
  }
}
