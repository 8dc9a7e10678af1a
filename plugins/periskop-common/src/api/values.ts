/**
 * Every value list and limit of the HTTP API, declared once: the backend's
 * request parsers and the frontend's controls both read them from here, so
 * a new sort field or window is added in one place.
 */

/**
 * Statuses of an error group.
 * @public
 */
export const ERROR_STATUSES = ['open', 'resolved'] as const;

/**
 * How an instance's errors reach the backend: `scrape`d from a target of
 * the `periskop.io/targets` annotation, or `push`ed by the instance itself
 * (batch jobs). A pushed instance that stops pushing is not down.
 * @public
 */
export const TARGET_ORIGINS = ['scrape', 'push'] as const;

/**
 * Values of the `status` filter of the error list: a status, or `all`.
 * @public
 */
export const ERROR_STATUS_FILTERS = [...ERROR_STATUSES, 'all'] as const;

/**
 * Fields the error list can be sorted by.
 * @public
 */
export const ERROR_SORT_FIELDS = [
  'lastSeen',
  'totalCount',
  'firstSeen',
] as const;

/**
 * Sort directions.
 * @public
 */
export const SORT_ORDERS = ['asc', 'desc'] as const;

/**
 * Columns the overview can be sorted by.
 * @public
 */
export const OVERVIEW_SORT_FIELDS = [
  'entityRef',
  'title',
  'owner',
  'openErrors',
  'newErrors',
  'regressedErrors',
  'occurrences',
  'targetsUp',
] as const;

const HOUR_MS = 60 * 60 * 1000;

/**
 * The time windows the UI offers (last seen on the Errors tab, new errors
 * and occurrences on the overview), shortest first. `durationMs`
 * `undefined` means no lower bound.
 * @public
 */
export const TIME_WINDOWS = [
  { id: '1h', durationMs: HOUR_MS },
  { id: '24h', durationMs: 24 * HOUR_MS },
  { id: '7d', durationMs: 7 * 24 * HOUR_MS },
  { id: '30d', durationMs: 30 * 24 * HOUR_MS },
  { id: 'all', durationMs: undefined },
] as const;

/**
 * Id of a time window, as written in URLs (`?window=24h`).
 * @public
 */
export type TimeWindowId = (typeof TIME_WINDOWS)[number]['id'];

/**
 * The window requests use when they name none: the last 24 hours.
 * @public
 */
export const DEFAULT_WINDOW_MS = 24 * HOUR_MS;

/**
 * Seconds between scrapes when `periskop.schedule` is not set (or is a cron
 * expression): the pace at which the UI refreshes unless the backend says
 * otherwise.
 * @public
 */
export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 30;

/**
 * Days stored data is kept when `periskop.storage.retention.days` is not
 * set: the longest history the UI asks for.
 * @public
 */
export const DEFAULT_RETENTION_DAYS = 30;

/**
 * Groups in one page of the error list when the request sets no `limit`.
 * @public
 */
export const DEFAULT_ERROR_LIST_LIMIT = 25;
/**
 * Most groups one page of the error list may hold (`limit`).
 * @public
 */
export const MAX_ERROR_LIST_LIMIT = 500;

/**
 * Most points one occurrences request may ask for.
 * @public
 */
export const MAX_OCCURRENCE_POINTS = 10_000;

/**
 * Longest text search, in characters.
 * @public
 */
export const MAX_SEARCH_LENGTH = 500;

/**
 * Sparklines of list items: hourly counts over the last 24 hours.
 * @public
 */
export const SPARKLINE_HOURS = 24;

/**
 * Open errors the errors summary ranks, by default.
 * @public
 */
export const DEFAULT_SUMMARY_TOP = 5;
/**
 * Most open errors the errors summary may be asked to rank (`top`).
 * @public
 */
export const MAX_SUMMARY_TOP = 50;

/**
 * The words of a text search: lower-cased, split on white space. Every word
 * must occur in a match. Shared by the error list and the overview so that
 * both read a query the same way.
 * @public
 */
export function splitSearchTerms(query: string | undefined): string[] {
  return (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}
