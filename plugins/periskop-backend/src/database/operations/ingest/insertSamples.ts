import { SampleContent } from '../../../aggregation/sampleContent';
import { SampleRecord } from '../../../aggregation/types';
import { UUID_LENGTH } from '../../tables';
import { insertRows } from '../../sql/insertRows';
import { chunk, fitToColumn, integer } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { capSamples } from './capSamples';
import { KnownContents } from './KnownContents';
import { ResolvedGroup } from './ResolvedGroup';
import { storeSampleContents } from './storeSampleContents';

/** Sample rows per INSERT (six small values each). */
const SAMPLE_CHUNK_ROWS = 1000;

/**
 * The newest `cap` samples of one group's update, by time then uuid (the
 * order the cap keeps): older ones would be deleted right after the insert.
 */
function newestSamples(
  samples: readonly SampleRecord[],
  cap: number,
): readonly SampleRecord[] {
  if (samples.length <= cap) {
    return samples;
  }
  const newestFirst = (x: SampleRecord, y: SampleRecord) => {
    if (x.timestampMs !== y.timestampMs) {
      return y.timestampMs - x.timestampMs;
    }
    return x.uuid < y.uuid ? 1 : -1;
  };
  return [...samples].sort(newestFirst).slice(0, cap);
}

/**
 * Inserts the new samples of an update (duplicates by uuid are ignored, so
 * a sample reported again, by a retry or another replica, is stored once)
 * and trims each touched group to the newest `samplesPerError`. Their
 * contents are stored once per distinct content, except those `known` says
 * are stored already. Returns the digests of the contents written, for the
 * caller to remember once the transaction committed.
 */
export async function insertSamples(
  tx: StoreDatabase,
  options: {
    instanceId: number;
    groups: readonly ResolvedGroup[];
    samplesPerError: number;
    now: number;
    known: KnownContents;
  },
): Promise<string[]> {
  const { instanceId, groups, samplesPerError, now, known } = options;
  const rows: Array<{
    group_id: number;
    uuid: string;
    timestamp: number;
    severity: string;
    instance_id: number;
    content_digest: string;
  }> = [];
  const contents = new Map<string, SampleContent>();
  const touched: number[] = [];
  for (const g of groups) {
    const uuids = new Set<string>();
    for (const sample of newestSamples(g.update.samples, samplesPerError)) {
      const uuid = fitToColumn(sample.uuid, UUID_LENGTH);
      if (uuids.has(uuid)) {
        continue;
      }
      uuids.add(uuid);
      const { digest } = sample.content;
      if (!known.isFresh(digest, now)) {
        contents.set(digest, sample.content);
      }
      rows.push({
        group_id: g.id,
        uuid,
        timestamp: integer(sample.timestampMs, 'timestampMs'),
        severity: sample.severity,
        instance_id: instanceId,
        content_digest: digest,
      });
    }
    if (uuids.size > 0) {
      touched.push(g.id);
    }
  }
  if (rows.length === 0) {
    return [];
  }

  // in digest order, so that concurrent applies lock shared rows in one order
  const written = [...contents.keys()].sort();
  await storeSampleContents(
    tx,
    written.map(digest => contents.get(digest)!),
    now,
  );
  for (const part of chunk(rows, SAMPLE_CHUNK_ROWS)) {
    await insertRows(tx, 'samples', part, {
      columns: ['group_id', 'uuid'],
      action: 'ignore',
    });
  }
  for (const part of chunk(touched)) {
    await capSamples(tx, part, samplesPerError);
  }
  return written;
}
