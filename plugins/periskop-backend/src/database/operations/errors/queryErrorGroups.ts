import { Knex } from 'knex';
import {
  DbNumber,
  GROUP_COLUMNS,
  GroupRow,
  toNumber,
  toStoredGroup,
} from '../../tables';
import { ErrorGroupPage, ErrorGroupQuery } from '../../types';
import { integer } from '../../sql/sqlValues';
import { containsSql, StoreDatabase } from '../../sql/StoreDatabase';
import { missingEntity } from '../entities/missingEntities';
import { getSparklines } from '../series/getSparklines';

/** Columns of the sorts of {@link ErrorGroupQuery}. */
const SORT_COLUMNS = new Map<string, string>([
  ['lastSeen', 'last_seen'],
  ['totalCount', 'total_count'],
  ['firstSeen', 'first_seen'],
]);

/**
 * Two statements, run side by side: the page (filters, search, sort,
 * LIMIT/OFFSET) and a `COUNT(*) … GROUP BY severity` of the match without
 * the severity filter, from which `severityCounts` and (summed over the
 * wanted severities) `totalItems` come. The default query (one entity,
 * one status, by last seen) is served by the index
 * (entity_ref, status, last_seen, id) without a sort.
 */
export async function queryErrorGroups(
  db: StoreDatabase,
  query: ErrorGroupQuery,
): Promise<ErrorGroupPage> {
  const limit = integer(query.limit, 'limit');
  const offset = integer(query.offset, 'offset');
  if (limit < 0 || offset < 0) {
    throw new RangeError(
      `limit and offset must not be negative, got ${limit} and ${offset}`,
    );
  }
  const column = SORT_COLUMNS.get(query.sort);
  if (!column) {
    throw new RangeError(`Unknown sort ${query.sort}`);
  }
  const order = query.order;
  if (order !== 'asc' && order !== 'desc') {
    throw new RangeError(`Unknown order ${order}`);
  }
  const severities = [...new Set(query.severities ?? [])];

  const page =
    limit === 0
      ? Promise.resolve<GroupRow[]>([])
      : matchingGroups(db, query)
          .modify(builder => {
            if (severities.length > 0) {
              builder.whereIn('severity', severities);
            }
          })
          .select(...GROUP_COLUMNS)
          .orderBy([
            { column, order },
            { column: 'id', order },
          ])
          .limit(limit)
          .offset(offset);
  const counts = matchingGroups(db, query)
    .select('severity')
    .count({ n: '*' })
    .groupBy('severity') as unknown as Promise<
    Array<{ severity: string; n: DbNumber }>
  >;
  const [rows, countRows] = await Promise.all([page, counts]);

  // a Map, so that no severity string can hit an Object.prototype key
  const bySeverity = new Map(
    countRows.map(row => [row.severity, toNumber(row.n)]),
  );
  let totalItems = 0;
  for (const severity of severities.length > 0
    ? severities
    : bySeverity.keys()) {
    totalItems += bySeverity.get(severity) ?? 0;
  }
  const items = (rows as GroupRow[]).map(toStoredGroup);
  const sparklines = query.sparkline
    ? await getSparklines(db, {
        groupIds: items.map(group => group.id),
        ...query.sparkline,
      })
    : undefined;
  return {
    items: sparklines
      ? items.map(group => ({
          ...group,
          sparkline: sparklines.get(group.id) ?? [],
        }))
      : items,
    totalItems,
    severityCounts: Object.fromEntries(bySeverity),
  };
}

/** The groups of a query's entity matching every filter but severity. */
function matchingGroups(
  db: StoreDatabase,
  query: ErrorGroupQuery,
): Knex.QueryBuilder<GroupRow> {
  const builder = db
    .knex<GroupRow>('error_groups')
    .where('entity_ref', query.entityRef)
    // uncorrelated: evaluated once, and the (entity, status, last_seen)
    // index still serves the page
    .whereNotExists(missingEntity(db, query.entityRef));
  if (query.status === 'open' || query.status === 'resolved') {
    builder.where('status', query.status);
  } else if (query.status !== 'all') {
    throw new RangeError(`Unknown status ${query.status}`);
  }
  if (query.lastSeenFrom !== undefined) {
    builder.where(
      'last_seen',
      '>=',
      integer(query.lastSeenFrom, 'lastSeenFrom'),
    );
  }
  if (query.lastSeenTo !== undefined) {
    builder.where('last_seen', '<', integer(query.lastSeenTo, 'lastSeenTo'));
  }
  for (const term of query.terms ?? []) {
    const lower = term.toLowerCase();
    if (lower.length === 0) {
      continue;
    }
    // A substring test rather than LIKE '%term%': the term is bound
    // as is (nothing to escape), PostgreSQL's strpos is several times
    // faster than its LIKE on long texts, and its planner estimates a
    // function filter more sensibly, so the first page still walks the
    // (entity, status, last_seen) index. search_text is lower-cased at
    // ingest and these functions compare bytes (utf8mb4_bin on MySQL), so
    // the term is lower-cased here.
    builder.whereRaw(containsSql(db), ['search_text', lower]);
  }
  return builder;
}
