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
import { containsSql, quote, StoreDatabase } from '../../sql/StoreDatabase';
import { whereEntityRefIn } from '../../sql/whereEntityRefIn';
import {
  missingEntity,
  notMissingEntitySql,
} from '../entities/missingEntities';
import { getSparklines } from '../series/getSparklines';

/** Columns of the sorts of {@link ErrorGroupQuery}. */
const SORT_COLUMNS = new Map<string, string>([
  ['lastSeen', 'last_seen'],
  ['totalCount', 'total_count'],
  ['firstSeen', 'first_seen'],
]);

/**
 * One page of the groups in a query's scope, with `severityCounts` (the
 * match without the severity filter, per severity) and `totalItems`
 * (those counts summed over the wanted severities). A query over a set of
 * entities (the org-wide search) binds the set once (see
 * `whereEntityRefIn`), so the page and the counts cover exactly the
 * entities the caller may read.
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

  const { rows, countRows } = await pageAndCounts(db, query, {
    column,
    order,
    severities,
    limit,
    offset,
  });

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
  const items = rows.map(toStoredGroup);
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

/** The groups in a query's scope matching every filter but severity. */
function matchingGroups(
  db: StoreDatabase,
  query: ErrorGroupQuery,
): Knex.QueryBuilder<GroupRow> {
  const builder = db.knex<GroupRow>('error_groups');
  if ('entityRefs' in query) {
    whereEntityRefIn(db, builder, 'entity_ref', query.entityRefs).whereRaw(
      notMissingEntitySql(
        db,
        `${quote(db, 'error_groups')}.${quote(db, 'entity_ref')}`,
      ),
    );
  } else {
    builder
      .where('entity_ref', query.entityRef)
      // uncorrelated: evaluated once, and the (entity, status, last_seen)
      // index still serves the page
      .whereNotExists(missingEntity(db, query.entityRef));
  }
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
    // A substring test rather than LIKE '%term%': the term is bound as
    // is (nothing to escape), PostgreSQL's strpos is several times faster
    // than its LIKE on long texts, and its planner estimates a function
    // filter more sensibly, so one entity's match is still read through
    // the (entity, status, last_seen) index. search_text is lower-cased
    // at ingest and these functions compare bytes (utf8mb4_bin on MySQL),
    // so the term is lower-cased here.
    builder.whereRaw(containsSql(db), ['search_text', lower]);
  }
  return builder;
}

/** Which half of the one-statement answer a row is (see `pageAndCounts`). */
const COUNTS = 'counts';
const PAGE = 'page';

/** The page's ordering and window. */
interface PageOptions {
  column: string;
  order: 'asc' | 'desc';
  severities: string[];
  limit: number;
  offset: number;
}

/**
 * Without a text search, two statements side by side: the page and a
 * `COUNT(*) … GROUP BY severity`. The default query (one entity, one
 * status, by last seen) reads its page off the index (entity_ref, status,
 * last_seen, id) without a sort. A text search reads every candidate's
 * search text, which costs more than all else together, so the match is
 * found once: a CTE of it (materialized, as it is used twice) gives the
 * counts and the page's ids and sort values in one statement, and the
 * page's rows are then read by id.
 */
async function pageAndCounts(
  db: StoreDatabase,
  query: ErrorGroupQuery,
  options: PageOptions,
): Promise<{
  rows: GroupRow[];
  countRows: Array<{ severity: string; n: DbNumber }>;
}> {
  const { column, order, severities, limit, offset } = options;
  const wanted = (builder: Knex.QueryBuilder) => {
    if (severities.length > 0) {
      builder.whereIn('severity', severities);
    }
  };
  if ((query.terms ?? []).every(term => term.length === 0)) {
    const page =
      limit === 0
        ? Promise.resolve<GroupRow[]>([])
        : matchingGroups(db, query)
            .modify(wanted)
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
    return { rows: rows as GroupRow[], countRows };
  }

  const knex = db.knex;
  const counts = knex
    .select(
      knex.raw('? AS ??', [COUNTS, 'part']),
      'severity',
      knex.raw('COUNT(*) AS ??', ['n']),
      knex.raw('0 AS ??', ['id']),
      knex.raw('0 AS ??', ['sort_value']),
    )
    .from('matches')
    .groupBy('severity');
  const page = knex
    .select(
      knex.raw('? AS ??', [PAGE, 'part']),
      'severity',
      knex.raw('0 AS ??', ['n']),
      'id',
      'sort_value',
    )
    .from('matches')
    .modify(wanted)
    .orderBy([
      { column: 'sort_value', order },
      { column: 'id', order },
    ])
    .limit(Math.max(limit, 1))
    .offset(offset);
  // SQLite inlines a CTE into each member of a UNION unless told to
  // materialize it (PostgreSQL materializes a CTE used twice anyway);
  // MySQL and MariaDB have no such hint
  const withMatches = (
    db.dialect === 'mysql' ? knex.with : knex.withMaterialized
  ).bind(knex);
  const parts = (await withMatches(
    'matches',
    matchingGroups(db, query).select('id', 'severity', {
      sort_value: column,
    }),
  )
    .select('*')
    .from(counts.as('counts'))
    .unionAll(knex.select('*').from(page.as('page')))) as Array<{
    part: string;
    severity: string;
    n: DbNumber;
    id: DbNumber;
    sort_value: DbNumber;
  }>;

  const countRows = parts.filter(part => part.part === COUNTS);
  // a derived table's order does not survive the UNION: sort again
  const direction = order === 'asc' ? 1 : -1;
  const pageIds = parts
    .filter(part => part.part === PAGE)
    .map(part => ({ id: toNumber(part.id), by: toNumber(part.sort_value) }))
    .sort((a, b) => direction * (a.by - b.by || a.id - b.id))
    .slice(0, limit)
    .map(part => part.id);
  if (pageIds.length === 0) {
    return { rows: [], countRows };
  }
  const byId = new Map(
    (
      (await knex('error_groups')
        .whereIn('id', pageIds)
        .select(...GROUP_COLUMNS)) as GroupRow[]
    ).map(row => [toNumber(row.id), row]),
  );
  return {
    rows: pageIds.flatMap(id => (byId.has(id) ? [byId.get(id)!] : [])),
    countRows,
  };
}
