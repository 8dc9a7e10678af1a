/**
 * The URL contract of the Errors tab. Every filter and the open error live
 * in the search params, so a link pasted into an incident channel restores
 * exactly the view its author saw (filters, page and the open details).
 *
 * | param      | values                                   | default    |
 * | ---------- | ---------------------------------------- | ---------- |
 * | `q`        | free text, sent as `query`               | (none)     |
 * | `severity` | `error`, `warning`, `info`; repeatable   | (all)      |
 * | `status`   | `open`, `resolved`, `all`                | `open`     |
 * | `window`   | `1h`, `24h`, `7d`, `30d`, `all`          | `24h`      |
 * | `sort`     | `lastSeen`, `totalCount`, `firstSeen`    | `lastSeen` |
 * | `order`    | `asc`, `desc`                            | `desc`     |
 * | `page`     | 1-based page number                      | `1`        |
 * | `pageSize` | `25`, `50`, `100`                        | `25`       |
 * | `errorId`  | id of the group shown in the details     | (none)     |
 *
 * Defaults are left out of the URL so links stay short; unknown or
 * malformed values fall back to the default instead of failing, because a
 * hand-edited or truncated link should still open something useful.
 */
import {
  DEFAULT_ERROR_LIST_LIMIT,
  ERROR_SORT_FIELDS,
  ERROR_STATUS_FILTERS,
  ErrorListQuery,
  ErrorSortField,
  ErrorStatusFilter,
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
  SORT_ORDERS,
  SortOrder,
} from '@periskop-backstage/plugin-periskop-common';
import { SELECTED_ERROR_PARAM } from '../errorsTabLink';
import {
  DEFAULT_TIME_WINDOW,
  TimeWindowId,
  isTimeWindowId,
  timeWindow,
} from '../shared';

/** Page sizes offered under the table; the first is the API's default. */
export const PAGE_SIZES = [DEFAULT_ERROR_LIST_LIMIT, 50, 100] as const;

/** Everything that decides what the Errors tab shows. */
export interface ErrorListView {
  /** Text search, trimmed; empty for none. */
  query: string;
  /** Selected severities, most severe first; empty means every severity. */
  severities: PeriskopSeverity[];
  status: ErrorStatusFilter;
  window: TimeWindowId;
  sort: ErrorSortField;
  order: SortOrder;
  /** 1-based, as people count pages in a link. */
  page: number;
  pageSize: number;
  /** The group whose details are open. */
  errorId: string | undefined;
}

/** The view of a URL without parameters. */
export const DEFAULT_ERROR_LIST_VIEW: ErrorListView = {
  query: '',
  severities: [],
  status: 'open',
  window: DEFAULT_TIME_WINDOW,
  sort: 'lastSeen',
  order: 'desc',
  page: 1,
  pageSize: PAGE_SIZES[0],
  errorId: undefined,
};

/** The names of the parameters this view owns; others are left untouched. */
const PARAM = {
  query: 'q',
  severities: 'severity',
  status: 'status',
  window: 'window',
  sort: 'sort',
  order: 'order',
  page: 'page',
  pageSize: 'pageSize',
  // shared with the links of the errors card and the overview page
  errorId: SELECTED_ERROR_PARAM,
} as const satisfies Record<keyof ErrorListView, string>;

function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
  fallback: T,
): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function positiveInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Reads the view from URL search params (see the module comment). */
export function parseErrorListView(params: URLSearchParams): ErrorListView {
  const chosen = new Set(params.getAll(PARAM.severities));
  const pageSize = positiveInteger(params.get(PARAM.pageSize));
  const windowParam = params.get(PARAM.window);
  return {
    query: (params.get(PARAM.query) ?? '').trim(),
    // canonical order, duplicates and unknown values dropped
    severities: PERISKOP_SEVERITIES.filter(s => chosen.has(s)),
    status: oneOf(
      params.get(PARAM.status),
      ERROR_STATUS_FILTERS,
      DEFAULT_ERROR_LIST_VIEW.status,
    ),
    window: isTimeWindowId(windowParam)
      ? windowParam
      : DEFAULT_ERROR_LIST_VIEW.window,
    sort: oneOf(
      params.get(PARAM.sort),
      ERROR_SORT_FIELDS,
      DEFAULT_ERROR_LIST_VIEW.sort,
    ),
    order: oneOf(
      params.get(PARAM.order),
      SORT_ORDERS,
      DEFAULT_ERROR_LIST_VIEW.order,
    ),
    page: positiveInteger(params.get(PARAM.page)) ?? 1,
    pageSize: PAGE_SIZES.includes(pageSize as (typeof PAGE_SIZES)[number])
      ? pageSize!
      : DEFAULT_ERROR_LIST_VIEW.pageSize,
    errorId: params.get(PARAM.errorId) || undefined,
  };
}

/**
 * New search params with `changes` applied to the view in `params`.
 * Parameters of other plugins are kept; values equal to the default are
 * removed.
 */
export function writeErrorListView(
  params: URLSearchParams,
  changes: Partial<ErrorListView>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const view = { ...parseErrorListView(params), ...changes };
  const setSingle = (
    key: keyof ErrorListView,
    value: string | number | undefined,
  ) => {
    const fallback = DEFAULT_ERROR_LIST_VIEW[key];
    if (value === undefined || value === '' || value === fallback) {
      next.delete(PARAM[key]);
    } else {
      next.set(PARAM[key], String(value));
    }
  };
  setSingle('query', view.query.trim());
  next.delete(PARAM.severities);
  for (const severity of PERISKOP_SEVERITIES) {
    if (view.severities.includes(severity)) {
      next.append(PARAM.severities, severity);
    }
  }
  setSingle('status', view.status);
  setSingle('window', view.window);
  setSingle('sort', view.sort);
  setSingle('order', view.order);
  setSingle('page', view.page);
  setSingle('pageSize', view.pageSize);
  setSingle('errorId', view.errorId);
  return next;
}

/**
 * The API query for a view. `from` is computed from `now` at request time,
 * so the window slides forward with every refresh.
 */
export function toErrorListQuery(
  view: ErrorListView,
  now: number = Date.now(),
): ErrorListQuery {
  const { durationMs } = timeWindow(view.window);
  return {
    sparkline: true,
    query: view.query || undefined,
    severity: view.severities.length ? view.severities : undefined,
    status: view.status,
    from:
      durationMs === undefined
        ? undefined
        : new Date(now - durationMs).toISOString(),
    sort: view.sort,
    order: view.order,
    limit: view.pageSize,
    offset: (view.page - 1) * view.pageSize,
  };
}

/**
 * Whether any filter differs from the defaults, i.e. whether "reset
 * filters" would change what is listed.
 */
export function filtersDifferFromDefault(view: ErrorListView): boolean {
  return (
    view.query !== DEFAULT_ERROR_LIST_VIEW.query ||
    view.severities.length > 0 ||
    view.status !== DEFAULT_ERROR_LIST_VIEW.status ||
    view.window !== DEFAULT_ERROR_LIST_VIEW.window
  );
}

/**
 * Identifies the list a view asks for. Opening details does not change it,
 * so the list is not refetched when a row is clicked.
 */
export function errorListKey(view: ErrorListView): string {
  const { errorId: _ignored, ...rest } = view;
  return JSON.stringify(rest);
}
