/**
 * The org-wide search (`GET /errors`) as the overview page sends it, as a
 * member of half of the teams: the read decision is conditional
 * (`IS_ENTITY_OWNER`), so every request reads the readable entities from
 * the catalog and binds them into the SQL.
 */

/** The searches timed, as `QueryName`s. */
export type SearchQueryName =
  | 'searchDefault'
  | 'searchWord'
  | 'searchClass'
  | 'searchStack'
  | 'searchFilters'
  | 'searchPage2';

/** What each search looks for. */
export const SEARCH = {
  word: 'timed out',
  errorClass: 'ActiveRecord::RecordNotFound',
  stackFrame: 'orders/views.py',
  url: '/v1/payments/charge',
};

export const SEARCH_QUERY_LABELS: Record<SearchQueryName, string> = {
  searchDefault: 'search: first page, no text',
  searchWord: `search: words in messages ("${SEARCH.word}")`,
  searchClass: `search: a class ("${SEARCH.errorClass}")`,
  searchStack: `search: a stack frame ("${SEARCH.stackFrame}")`,
  searchFilters: `search: a URL, warnings, all statuses, 7 days`,
  searchPage2: `search: page 2 of "${SEARCH.word}"`,
};

/** Teams whose members search: half of the seed's 50, team-0 (the big entity's) among them. */
export const SEARCHING_TEAMS = Array.from(
  { length: 25 },
  (_, i) => `group:default/team-${i * 2}`,
);

/** One timed request: its name, its path (built at request time), what its answer says. */
export interface TimedQuery<Name extends string> {
  name: Name;
  path: () => string;
  describe: (body: any) => string;
}

/**
 * The searches, against the API at `apiPath`, with the parameters the
 * overview's search sends (those of the Errors tab: sparklines, open,
 * last 24 hours, newest first, 25 rows) unless a search changes them.
 */
export function searchQueries(apiPath: string): TimedQuery<SearchQueryName>[] {
  const search =
    (extra: Record<string, string> = {}, windowHours = 24) =>
    () =>
      `${apiPath}/errors?${new URLSearchParams({
        sparkline: 'true',
        status: 'open',
        from: new Date(Date.now() - windowHours * 3_600_000).toISOString(),
        sort: 'lastSeen',
        order: 'desc',
        limit: '25',
        offset: '0',
        ...extra,
      })}`;
  const matching = (term: string) => (body: any) =>
    `${body.items.length} items of ${body.totalItems} matching "${term}"`;
  return [
    {
      name: 'searchDefault',
      path: search(),
      describe: body => `${body.items.length} items of ${body.totalItems}`,
    },
    {
      name: 'searchWord',
      path: search({ query: SEARCH.word }),
      describe: matching(SEARCH.word),
    },
    {
      name: 'searchClass',
      path: search({ query: SEARCH.errorClass }),
      describe: matching(SEARCH.errorClass),
    },
    {
      name: 'searchStack',
      path: search({ query: SEARCH.stackFrame }),
      describe: matching(SEARCH.stackFrame),
    },
    {
      name: 'searchFilters',
      path: search(
        { query: SEARCH.url, severity: 'warning', status: 'all' },
        7 * 24,
      ),
      describe: matching(SEARCH.url),
    },
    {
      name: 'searchPage2',
      path: search({ query: SEARCH.word, offset: '25' }),
      describe: body =>
        `items 26-${25 + body.items.length} of ${body.totalItems}`,
    },
  ];
}
