import { DbNumber, toNumber } from '../../tables';
import { StoredSample } from '../../types';
import { chunk } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** A stored sample as the Periskop-compatible API shows it: without its instance. */
export type NewestSample = Omit<StoredSample, 'instanceKey'>;

/**
 * Groups per statement: each is one `SELECT … LIMIT` branch of a UNION ALL,
 * and SQLite allows at most 500 branches in one compound SELECT.
 */
const GROUPS_PER_STATEMENT = 100;

/**
 * The newest `perGroup` samples (by timestamp, then uuid) of each group,
 * newest first, each with its (shared) content, by group id. Groups
 * without samples are absent.
 *
 * @remarks
 * A group keeps up to `periskop.storage.samplesPerError` samples (at most
 * 10 000), so `group_id IN (…)` could read a hundred times what is asked.
 * Each group is instead one branch that finds the group's rows by the
 * (group_id, uuid) primary key and keeps its newest with its own LIMIT,
 * and the branches of up
 * to {@link GROUPS_PER_STATEMENT} groups go in one UNION ALL statement: a
 * thousand groups take ten statements, plus one per 500 distinct contents.
 * A content shared by many samples (every instance reports the same few
 * traces) is read and parsed once, and its object is shared.
 */
export async function listNewestSamples(
  db: StoreDatabase,
  groupIds: readonly number[],
  perGroup: number,
): Promise<Map<number, NewestSample[]>> {
  const rows: Array<{
    group_id: DbNumber;
    uuid: string;
    timestamp: DbNumber;
    severity: string;
    content_digest: string;
  }> = [];
  for (const part of chunk(groupIds, GROUPS_PER_STATEMENT)) {
    const [first, ...rest] = part.map((groupId, index) =>
      db.knex.select('*').from(
        db
          .knex('samples')
          .select('group_id', 'uuid', 'timestamp', 'severity', 'content_digest')
          .where('group_id', groupId)
          .orderBy([
            { column: 'timestamp', order: 'desc' },
            { column: 'uuid', order: 'desc' },
          ])
          .limit(perGroup)
          // a derived table, because SQLite allows no ORDER BY or LIMIT
          // in a branch of a compound SELECT itself
          .as(`g${index}`),
      ),
    );
    rows.push(...(await (rest.length > 0 ? first.unionAll(rest) : first)));
  }

  const contents = await readContents(db, [
    ...new Set(rows.map(row => row.content_digest)),
  ]);

  const byGroup = new Map<number, NewestSample[]>();
  for (const row of rows) {
    const content = contents.get(row.content_digest);
    if (!content) {
      // written by the ingest with its samples, so only a damaged row gets here
      continue;
    }
    const groupId = toNumber(row.group_id);
    let samples = byGroup.get(groupId);
    if (!samples) {
      samples = [];
      byGroup.set(groupId, samples);
    }
    samples.push({
      uuid: row.uuid,
      timestampMs: toNumber(row.timestamp),
      severity: row.severity,
      error: content.error,
      httpContext: content.httpContext ?? null,
    });
  }
  // the branches come back in any order: sort as listSamples does
  for (const samples of byGroup.values()) {
    samples.sort((a, b) =>
      a.timestampMs !== b.timestampMs
        ? b.timestampMs - a.timestampMs
        : compareText(b.uuid, a.uuid),
    );
  }
  return byGroup;
}

type SampleContent = Pick<StoredSample, 'error' | 'httpContext'>;

async function readContents(
  db: StoreDatabase,
  digests: string[],
): Promise<Map<string, SampleContent>> {
  const contents = new Map<string, SampleContent>();
  for (const part of chunk(digests)) {
    const rows: Array<{ digest: string; data: string }> = await db
      .knex('sample_contents')
      .select('digest', 'data')
      .whereIn('digest', part);
    for (const row of rows) {
      try {
        contents.set(row.digest, JSON.parse(row.data));
      } catch {
        // a damaged row: its samples are skipped
      }
    }
  }
  return contents;
}

/** Code-unit order, as the databases' binary collations compare uuids. */
function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
