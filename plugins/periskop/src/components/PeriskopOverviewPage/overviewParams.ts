import { OverviewRow } from '@periskop-backstage/plugin-periskop-common';

/** Whose entities the overview lists. */
export type OverviewView = 'mine' | 'all';

/** Time windows for new errors and occurrences. */
export const WINDOWS = {
  '1h': { label: '1 hour', ms: 3_600_000 },
  '24h': { label: '24 hours', ms: 24 * 3_600_000 },
  '7d': { label: '7 days', ms: 7 * 24 * 3_600_000 },
  '30d': { label: '30 days', ms: 30 * 24 * 3_600_000 },
} as const;

export type OverviewWindow = keyof typeof WINDOWS;

export const DEFAULT_WINDOW: OverviewWindow = '24h';

/** Columns the table sorts by (the API's `sort` values). */
export const SORT_FIELDS = [
  'title',
  'owner',
  'openErrors',
  'newErrors',
  'regressedErrors',
  'occurrences',
  'targetsUp',
] as const;

export type OverviewSort = (typeof SORT_FIELDS)[number];

export const DEFAULT_SORT: OverviewSort = 'openErrors';

export type Order = 'asc' | 'desc';

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
  const validSort = (SORT_FIELDS as readonly string[]).includes(sort ?? '')
    ? (sort as OverviewSort)
    : DEFAULT_SORT;
  return {
    view: view === 'mine' || view === 'all' ? view : undefined,
    query: search.get('q') ?? '',
    window:
      window && Object.prototype.hasOwnProperty.call(WINDOWS, window)
        ? (window as OverviewWindow)
        : DEFAULT_WINDOW,
    sort: validSort,
    order:
      order === 'asc' || order === 'desc' ? order : defaultOrder(validSort),
  };
}

/** Text columns sort A-Z first, numbers largest first. */
export function defaultOrder(sort: OverviewSort): Order {
  return sort === 'title' || sort === 'owner' ? 'asc' : 'desc';
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
