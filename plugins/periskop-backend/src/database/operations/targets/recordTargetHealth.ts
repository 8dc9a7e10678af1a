import { TargetHealthRecord } from '../../types';
import { chunk, integer, sqlInteger } from '../../sql/sqlValues';
import { inTransaction, quote, StoreDatabase } from '../../sql/StoreDatabase';

/** CASE-per-column updates (MySQL) bind about a dozen values per row, so they take fewer rows. */
const HEALTH_CHUNK_SIZE = 200;
/**
 * An `UPDATE … FROM (VALUES …)` binds at most six values per row: 1,000
 * rows stay far below SQLite's (32,766) and PostgreSQL's (65,535) bind
 * limits, and 10,000 targets take ten statements.
 */
const HEALTH_VALUES_CHUNK_SIZE = 1000;

/** Health columns every record replaces. */
const REPLACED_COLUMNS = [
  'up',
  'instance_key',
  'last_scrape_at',
  'last_error',
  'duration_ms',
  'payload_bytes',
  'error_keys',
  'warnings',
  'first_warning',
];
/** Columns only scrapes that put their payload through the store move. */
const APPLIED_COLUMNS = [
  'payload_digest',
  'payload_applied_at',
  'counters_digest',
];

/**
 * Stores the health of many targets in a few batched statements: on
 * PostgreSQL and SQLite one `UPDATE … FROM (VALUES …)` per 1,000 records,
 * on MySQL one CASE-based UPDATE per 200. Records of unknown targets match
 * no row and are thereby ignored; last_success_at only moves on a
 * successful scrape.
 */
export async function recordTargetHealth(
  db: StoreDatabase,
  records: TargetHealthRecord[],
): Promise<void> {
  const latest = new Map<string, TargetHealthRecord>();
  for (const record of records) {
    latest.set(record.targetId, record);
  }
  const sorted = [...latest.values()].sort((a, b) =>
    a.targetId < b.targetId ? -1 : 1,
  );
  if (sorted.length === 0) {
    return;
  }
  const q = (identifier: string) => quote(db, identifier);
  const nullableInteger = (value: number | null, what: string) =>
    value === null || value === undefined
      ? 'NULL'
      : sqlInteger(integer(value, what));

  if (db.dialect !== 'mysql') {
    await inTransaction(db, async tx => {
      for (const part of chunk(sorted, HEALTH_VALUES_CHUNK_SIZE)) {
        await updateHealthFromValues(tx, part);
      }
    });
    return;
  }

  await inTransaction(db, async tx => {
    for (const part of chunk(sorted, HEALTH_CHUNK_SIZE)) {
      const bindings: string[] = [];
      const column = (
        name: string,
        rows: TargetHealthRecord[],
        value: (r: TargetHealthRecord) => string,
      ) => {
        if (rows.length === 0) {
          return undefined;
        }
        const whens = rows.map(r => {
          bindings.push(r.targetId);
          return `WHEN ? THEN ${value(r)}`;
        });
        return `${q(name)} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(
          name,
        )} END`;
      };
      const text = (value: string | null) => {
        if (value === null || value === undefined) {
          return 'NULL';
        }
        bindings.push(value);
        return '?';
      };
      const assignments = [
        column('up', part, r => (r.up ? 'TRUE' : 'FALSE')),
        column('instance_key', part, r => text(r.instanceKey)),
        column('last_scrape_at', part, r =>
          sqlInteger(integer(r.scrapedAt, 'scrapedAt')),
        ),
        column(
          'last_success_at',
          part.filter(r => r.up),
          r => sqlInteger(integer(r.scrapedAt, 'scrapedAt')),
        ),
        column('last_error', part, r => text(r.error)),
        column('duration_ms', part, r =>
          nullableInteger(r.durationMs, 'durationMs'),
        ),
        column('payload_bytes', part, r =>
          nullableInteger(r.payloadBytes, 'payloadBytes'),
        ),
        column('error_keys', part, r =>
          nullableInteger(r.errorKeys, 'errorKeys'),
        ),
        column('warnings', part, r =>
          sqlInteger(integer(r.warnings ?? 0, 'warnings')),
        ),
        column('first_warning', part, r => text(r.firstWarning)),
        // only scrapes that put their payload through the store move these
        column(
          'payload_digest',
          part.filter(r => r.payloadDigest !== undefined),
          r => text(r.payloadDigest!),
        ),
        column(
          'payload_applied_at',
          part.filter(r => r.payloadAppliedAt !== undefined),
          r => sqlInteger(integer(r.payloadAppliedAt!, 'payloadAppliedAt')),
        ),
        column(
          'counters_digest',
          part.filter(r => r.countersDigest !== undefined),
          r => text(r.countersDigest!),
        ),
        // set (or cleared) by applies only
        column(
          'limit_notice',
          part.filter(r => r.limitNotice !== undefined),
          r => text(r.limitNotice!),
        ),
      ].filter((a): a is string => a !== undefined);
      bindings.push(...part.map(r => r.targetId));
      await tx.knex.raw(
        `UPDATE ${q('targets')} SET ${assignments.join(', ')} WHERE ${q(
          'id',
        )} IN (${part.map(() => '?').join(', ')})`,
        bindings,
      );
    }
  });
}

/**
 * PostgreSQL and SQLite (3.33+): one `UPDATE … FROM` a list of VALUES
 * per chunk, which binds each value once and joins on the primary key,
 * instead of a CASE per column that compares every row with every id of
 * the chunk. Integers are literals (see {@link sqlInteger}), NULL integers
 * are typed, so that PostgreSQL infers the column types of the list.
 */
async function updateHealthFromValues(
  tx: StoreDatabase,
  records: readonly TargetHealthRecord[],
): Promise<void> {
  const q = (identifier: string) => quote(tx, identifier);
  const bindings: string[] = [];
  const text = (value: string | null | undefined) => {
    if (value === null || value === undefined) {
      return 'NULL';
    }
    bindings.push(value);
    return '?';
  };
  const int = (value: number | null | undefined, what: string) =>
    value === null || value === undefined
      ? 'CAST(NULL AS BIGINT)'
      : sqlInteger(integer(value, what));
  const columns = [
    'id',
    ...REPLACED_COLUMNS,
    ...APPLIED_COLUMNS,
    'limit_notice',
    'limit_notice_set',
  ];
  const rows = records.map(
    r =>
      `(${[
        text(r.targetId),
        r.up ? 'TRUE' : 'FALSE',
        text(r.instanceKey),
        int(r.scrapedAt, 'scrapedAt'),
        text(r.error),
        int(r.durationMs, 'durationMs'),
        int(r.payloadBytes, 'payloadBytes'),
        int(r.errorKeys, 'errorKeys'),
        int(r.warnings ?? 0, 'warnings'),
        text(r.firstWarning),
        text(r.payloadDigest),
        int(r.payloadAppliedAt, 'payloadAppliedAt'),
        text(r.countersDigest),
        text(r.limitNotice),
        r.limitNotice !== undefined ? 'TRUE' : 'FALSE',
      ].join(', ')})`,
  );
  const t = q('targets');
  const v = q('v');
  const from = (column: string) => `${v}.${q(column)}`;
  const keep = (column: string) => `${t}.${q(column)}`;
  const set = [
    ...REPLACED_COLUMNS.map(column => `${q(column)} = ${from(column)}`),
    // last success only moves when up
    `${q('last_success_at')} = CASE WHEN ${from('up')} THEN ${from(
      'last_scrape_at',
    )} ELSE ${keep('last_success_at')} END`,
    // only scrapes that put their payload through the store move these
    ...APPLIED_COLUMNS.map(
      column => `${q(column)} = COALESCE(${from(column)}, ${keep(column)})`,
    ),
    // set (or cleared) by applies only
    `${q('limit_notice')} = CASE WHEN ${from('limit_notice_set')} THEN ${from(
      'limit_notice',
    )} ELSE ${keep('limit_notice')} END`,
  ];
  await tx.knex.raw(
    `WITH ${v} (${columns.map(q).join(', ')}) AS (VALUES ${rows.join(
      ', ',
    )}) UPDATE ${t} SET ${set.join(', ')} FROM ${v} WHERE ${keep(
      'id',
    )} = ${from('id')}`,
    bindings,
  );
}
