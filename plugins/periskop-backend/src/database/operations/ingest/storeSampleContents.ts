import { SampleContent } from '../../../aggregation/sampleContent';
import { insertRows } from '../../sql/insertRows';
import { integer, sqlInteger } from '../../sql/sqlValues';
import { excluded, quote, StoreDatabase } from '../../sql/StoreDatabase';
import { CONTENT_TOUCH_INTERVAL_MS } from './KnownContents';

/** Content per INSERT, well under MySQL's default max_allowed_packet (16 MiB on MariaDB). */
const CONTENT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Rows per INSERT otherwise (three values each). */
const CONTENT_CHUNK_ROWS = 500;

/**
 * Stores sample contents that may not be stored yet (or were last used
 * more than {@link CONTENT_TOUCH_INTERVAL_MS} ago): new ones are inserted,
 * existing ones only get `last_used_at` moved to `now` when it is older
 * than the interval. (PostgreSQL rewrites a conflicting row either way;
 * `KnownContents` keeps a process from sending a content it stored within
 * the interval, so that is at most once an hour per content and process.)
 */
export async function storeSampleContents(
  tx: StoreDatabase,
  contents: readonly SampleContent[],
  now: number,
): Promise<void> {
  const at = integer(now, 'now');
  const q = (identifier: string) => quote(tx, identifier);
  const stored = `${q('sample_contents')}.${q('last_used_at')}`;
  const touch = `CASE WHEN ${stored} < ${excluded(
    tx,
    'last_used_at',
  )} - ${sqlInteger(CONTENT_TOUCH_INTERVAL_MS)} THEN ${excluded(
    tx,
    'last_used_at',
  )} ELSE ${stored} END`;

  let batch: Array<{ digest: string; data: string; last_used_at: number }> = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length > 0) {
      await insertRows(tx, 'sample_contents', batch, {
        columns: ['digest'],
        action: { last_used_at: touch },
      });
    }
    batch = [];
    batchBytes = 0;
  };
  for (const content of contents) {
    const bytes = Buffer.byteLength(content.json);
    if (
      batch.length >= CONTENT_CHUNK_ROWS ||
      (batch.length > 0 && batchBytes + bytes > CONTENT_CHUNK_BYTES)
    ) {
      await flush();
    }
    batch.push({
      digest: content.digest,
      data: content.json,
      last_used_at: at,
    });
    batchBytes += bytes;
  }
  await flush();
}
