import {
  OVERVIEW_SORT_FIELDS,
  OverviewRow,
  OverviewSortField,
  SORT_ORDERS,
  SortOrder,
} from '@periskop-backstage/plugin-periskop-common';
import {
  DEFAULT_TIME_WINDOW,
  TIME_WINDOW_CHOICES,
  TimeWindow,
  TimeWindowId,
} from '../shared';

/** Whose entities the overview lists. */
export type OverviewView = 'mine' | 'all';

/**
 * A window for new errors and occurrences: the overview counts within a
 * window, so it offers every window with a length ("all" has none).
 */
export type OverviewWindow = Exclude<TimeWindowId, 'all'>;

/** The windows the overview offers, shortest first. */
export const OVERVIEW_WINDOWS = TIME_WINDOW_CHOICES.filter(
  (window): window is TimeWindow & { id: OverviewWindow; durationMs: number } =>
    window.durationMs !== undefined,
);

/** The API's default window, which has a length (24 hours). */
export const DEFAULT_WINDOW = DEFAULT_TIME_WINDOW as OverviewWindow;

/** The window with this id. */
export function overviewWindow(id: OverviewWindow) {
  return OVERVIEW_WINDOWS.find(window => window.id === id)!;
}

/** Columns the overview sorts by (the API's `sort` values). */
export type OverviewSort = OverviewSortField;

export const DEFAULT_SORT: OverviewSort = 'openErrors';

export type Order = SortOrder;

/** The overview's filters, as kept in the URL's search parameters. */
export interface OverviewParams {
  /** Unset: chosen from the user's ownership. */
  view?: OverviewView;
  query: string;
  window: OverviewWindow;
  sort: OverviewSort;
  order: Order;
}

/** Reads the filters from the URL, ignoring values it does not know. */
export function readParams(search: URLSearchParams): OverviewParams {
  const view = search.get('view');
  const window = search.get('window');
  const sort = search.get('sort');
  const order = search.get('order');
  const validSort = (OVERVIEW_SORT_FIELDS as readonly string[]).includes(
    sort ?? '',
  )
    ? (sort as OverviewSort)
    : DEFAULT_SORT;
  return {
    view: view === 'mine' || view === 'all' ? view : undefined,
    query: search.get('q') ?? '',
    window: OVERVIEW_WINDOWS.some(w => w.id === window)
      ? (window as OverviewWindow)
      : DEFAULT_WINDOW,
    sort: validSort,
    order: (SORT_ORDERS as readonly string[]).includes(order ?? '')
      ? (order as Order)
      : defaultOrder(validSort),
  };
}

/** Text columns sort A-Z first, numbers largest first. */
export function defaultOrder(sort: OverviewSort): Order {
  return sort === 'title' || sort === 'owner' || sort === 'entityRef'
    ? 'asc'
    : 'desc';
}

/** The URL search parameters for `params`; defaults are left out. */
export function writeParams(
  current: URLSearchParams,
  changes: Partial<OverviewParams>,
): URLSearchParams {
  const next = { ...readParams(current), ...changes };
  const search = new URLSearchParams(current);
  const set = (name: string, value: string | undefined, fallback?: string) => {
    if (value === undefined || value === '' || value === fallback) {
      search.delete(name);
    } else {
      search.set(name, value);
    }
  };
  set('view', next.view);
  set('q', next.query.trim() === '' ? '' : next.query);
  set('window', next.window, DEFAULT_WINDOW);
  set('sort', next.sort, DEFAULT_SORT);
  set('order', next.order, defaultOrder(next.sort));
  return search;
}

/** The name part of an entity ref, for display and sorting. */
export function refName(ref: string | null): string {
  if (!ref) return '';
  return ref.slice(ref.lastIndexOf('/') + 1) || ref;
}

/** Health of the scrape targets, 0 (none up) to 1 (all up); none known: -1. */
function targetHealth(row: OverviewRow): number {
  return row.targetsTotal === 0 ? -1 : row.targetsUp / row.targetsTotal;
}

/**
 * Sorts rows by one column; ties always by title, then entity ref, A-Z.
 * Returns a new array.
 */
export function sortRows(
  rows: OverviewRow[],
  sort: OverviewSort,
  order: Order,
): OverviewRow[] {
  const direction = order === 'asc' ? 1 : -1;
  const byColumn = (a: OverviewRow, b: OverviewRow): number => {
    switch (sort) {
      case 'title':
        return a.title.localeCompare(b.title);
      case 'owner':
        return refName(a.owner).localeCompare(refName(b.owner));
      case 'entityRef':
        return a.entityRef.localeCompare(b.entityRef);
      case 'targetsUp':
        return (
          targetHealth(a) - targetHealth(b) || a.targetsTotal - b.targetsTotal
        );
      default:
        return a[sort] - b[sort];
    }
  };
  return [...rows].sort(
    (a, b) =>
      byColumn(a, b) * direction ||
      a.title.localeCompare(b.title) ||
      a.entityRef.localeCompare(b.entityRef),
  );
}
