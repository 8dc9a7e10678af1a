import {
  DbNumber,
  HOUR_MS,
  HOUR_TOTAL_RESOLUTION,
  RESOLUTIONS,
  toNumber,
} from '../../tables';
import { EntityAggregates, EntityCounts } from '../../types';
import { chunk, integer, sqlInteger } from '../../sql/sqlValues';
import { quote, rawRows, StoreDatabase } from '../../sql/StoreDatabase';
import { notMissingEntitySql } from '../entities/missingEntities';

/**
 * Entity refs per overview statement. The list is bound four times:
 * 4 000 bindings, far below the limits of PostgreSQL (65 535) and of the
 * SQLite that better-sqlite3 bundles (32 766), and a statement of a few
 * hundred KiB on MySQL, which interpolates the values into the text.
 */
const AGGREGATE_CHUNK_SIZE = 1000;

/*
 * Per-entity aggregates: open, new (first seen in [from, to)) and regressed
 * groups, occurrences in [from, to), targets up and total. Only entities
 * with stored data appear, and not those missing from discovery (see
 * missingEntities); restricted to `entityRefs` when given.
 */
/**
 * One statement per chunk of entity refs (one for all entities): a
 * UNION ALL of per-entity sums over error_groups, occurrences and
 * targets, summed again per entity. Chunks hold whole entities, so
 * their results only need to be concatenated.
 */
export async function getEntityAggregates(
  db: StoreDatabase,
  options: {
    from: number;
    to: number;
    entityRefs?: string[];
  },
): Promise<EntityAggregates[]> {
  const from = integer(options.from, 'from');
  const to = integer(options.to, 'to');
  const parts =
    options.entityRefs === undefined
      ? [undefined]
      : chunk([...new Set(options.entityRefs)], AGGREGATE_CHUNK_SIZE);
  const result: EntityAggregates[] = [];
  for (const refs of parts) {
    result.push(...(await entityAggregates(db, from, to, refs)));
  }
  // Code unit order, the same on every database whatever its collation.
  // Each entity appears once (grouped, and chunks hold distinct refs).
  return result.sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
}

async function entityAggregates(
  db: StoreDatabase,
  from: number,
  to: number,
  entityRefs: string[] | undefined,
): Promise<EntityAggregates[]> {
  const q = (identifier: string) => quote(db, identifier);
  const bindings: string[] = [];
  const restrict = (prefix: 'WHERE' | 'AND') => {
    if (!entityRefs) {
      return '';
    }
    bindings.push(...entityRefs);
    return ` ${prefix} ${q('entity_ref')} IN (${entityRefs
      .map(() => '?')
      .join(', ')})`;
  };
  const window = (column: string) =>
    `${q(column)} >= ${sqlInteger(from)} AND ${q(column)} < ${sqlInteger(to)}`;
  const open = `${q('status')} = 'open'`;
  // Occurrences in [from, to), as the sum of the group buckets starting
  // in it (see getOccurrenceSeries), from the per-entity sums: hour totals
  // for the whole hours inside the window, and the entity's buckets
  // (minutes, or hours rolled up) for the partial hours at its edges.
  const wholeFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const wholeTo = Math.floor(to / HOUR_MS) * HOUR_MS;
  const range = (start: number, end: number) =>
    `(${q('bucket_start')} >= ${sqlInteger(start)} AND ${q(
      'bucket_start',
    )} < ${sqlInteger(end)})`;
  const bucketRanges: string[] = [];
  const totals: string[] = [];
  if (wholeFrom < wholeTo) {
    totals.push(range(wholeFrom, wholeTo));
    if (from < wholeFrom) bucketRanges.push(range(from, wholeFrom));
    if (wholeTo < to) bucketRanges.push(range(wholeTo, to));
  } else if (from < to) {
    bucketRanges.push(range(from, to));
  }
  const occurrenceRanges =
    [
      ...(totals.length
        ? [
            `(${q('resolution')} = ${sqlInteger(
              HOUR_TOTAL_RESOLUTION,
            )} AND ${totals.join(' OR ')})`,
          ]
        : []),
      ...(bucketRanges.length
        ? [
            `(${q('resolution')} IN (${RESOLUTIONS.map(sqlInteger).join(
              ', ',
            )}) AND (${bucketRanges.join(' OR ')}))`,
          ]
        : []),
    ].join(' OR ') || 'FALSE';
  // TRUE is a keyword on all three (SQLite since 3.23, where booleans
  // are stored as 0/1 and TRUE is 1; MySQL, where it is 1 and the column
  // a TINYINT), and a NULL `up` (never scraped) is simply not up.
  const sql = `SELECT ${q('entity_ref')},
SUM(${q('open_errors')}) AS ${q('open_errors')},
SUM(${q('new_errors')}) AS ${q('new_errors')},
SUM(${q('regressed_errors')}) AS ${q('regressed_errors')},
SUM(${q('occurrences')}) AS ${q('occurrences')},
SUM(${q('targets_up')}) AS ${q('targets_up')},
SUM(${q('targets_total')}) AS ${q('targets_total')}
FROM (
SELECT ${q('entity_ref')},
  SUM(CASE WHEN ${open} THEN 1 ELSE 0 END) AS ${q('open_errors')},
  SUM(CASE WHEN ${window('first_seen')} THEN 1 ELSE 0 END) AS ${q(
    'new_errors',
  )},
  SUM(CASE WHEN ${open} AND ${q('regressed')} = TRUE THEN 1 ELSE 0 END) AS ${q(
    'regressed_errors',
  )},
  0 AS ${q('occurrences')},
  0 AS ${q('targets_up')},
  0 AS ${q('targets_total')}
FROM ${q('error_groups')}${restrict('WHERE')}
GROUP BY ${q('entity_ref')}
UNION ALL
SELECT ${q('entity_ref')}, 0, 0, 0, SUM(${q('count')}), 0, 0
FROM ${q('entity_occurrences')}
WHERE (${occurrenceRanges})${restrict('AND')}
GROUP BY ${q('entity_ref')}
UNION ALL
SELECT ${q('entity_ref')}, 0, 0, 0, 0,
  SUM(CASE WHEN ${q('up')} = TRUE THEN 1 ELSE 0 END),
  COUNT(*)
FROM ${q('targets')}${restrict('WHERE')}
GROUP BY ${q('entity_ref')}
) ${q('parts')}
WHERE ${notMissingEntitySql(db, `${q('parts')}.${q('entity_ref')}`)}
GROUP BY ${q('entity_ref')}`;
  const rows = rawRows<{
    entity_ref: string;
    open_errors: DbNumber;
    new_errors: DbNumber;
    regressed_errors: DbNumber;
    occurrences: DbNumber;
    targets_up: DbNumber;
    targets_total: DbNumber;
  }>(db, await db.knex.raw(sql, bindings));
  return rows.map(row => ({
    entityRef: row.entity_ref,
    openErrors: toNumber(row.open_errors),
    newErrors: toNumber(row.new_errors),
    regressedErrors: toNumber(row.regressed_errors),
    occurrences: toNumber(row.occurrences),
    targetsUp: toNumber(row.targets_up),
    targetsTotal: toNumber(row.targets_total),
  }));
}

/** The counts of an entity's aggregates; zeros for an entity without stored data. */
export function entityCounts(aggregates?: EntityAggregates): EntityCounts {
  return {
    openErrors: aggregates?.openErrors ?? 0,
    newErrors: aggregates?.newErrors ?? 0,
    regressedErrors: aggregates?.regressedErrors ?? 0,
    occurrences: aggregates?.occurrences ?? 0,
    targetsUp: aggregates?.targetsUp ?? 0,
    targetsTotal: aggregates?.targetsTotal ?? 0,
  };
}
