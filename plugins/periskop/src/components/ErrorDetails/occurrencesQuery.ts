import {
  DEFAULT_RETENTION_DAYS,
  OccurrencesQuery,
} from '@periskop-backstage/plugin-periskop-common';

/** Window of the chart when the page has no time filter: the default retention. */
export const DEFAULT_OCCURRENCES_WINDOW_MS =
  DEFAULT_RETENTION_DAYS * 24 * 3600 * 1000;

/** Bucket sizes a person reads at a glance, in seconds. */
const NICE_STEPS = [
  60,
  300,
  600,
  900,
  1800,
  3600,
  2 * 3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  24 * 3600,
  7 * 24 * 3600,
];

/** Enough bars to see a trend, few enough to hover each one. */
const MAX_BARS = 120;

/**
 * The occurrences query for a window ending now: the smallest readable
 * bucket size (1 minute, 5 minutes, …, 1 day) that keeps the chart within
 * {@link MAX_BARS} bars; 30 days give 6-hour bars, 24 hours 15-minute bars.
 */
export function occurrencesQueryForWindow(
  windowMs: number | undefined,
  now: number,
): Required<OccurrencesQuery> {
  const span =
    windowMs && windowMs > 0 ? windowMs : DEFAULT_OCCURRENCES_WINDOW_MS;
  const wanted = span / 1000 / MAX_BARS;
  const step =
    NICE_STEPS.find(candidate => candidate >= wanted) ??
    Math.ceil(wanted / 86400) * 86400;
  return {
    from: new Date(now - span).toISOString(),
    to: new Date(now).toISOString(),
    step,
  };
}

/** "the last 30 days", "the last 24 hours", "the last 15 minutes". */
export function describeWindow(windowMs: number | undefined): string {
  const ms =
    windowMs && windowMs > 0 ? windowMs : DEFAULT_OCCURRENCES_WINDOW_MS;
  const units: Array<[number, string]> = [
    [7 * 24 * 3600 * 1000, 'week'],
    [24 * 3600 * 1000, 'day'],
    [3600 * 1000, 'hour'],
    [60 * 1000, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = ms / size;
    // whole weeks read better as days, one day better as 24 hours
    if (
      Number.isInteger(n) &&
      !(name === 'week') &&
      !(name === 'day' && n === 1)
    ) {
      return n === 1 ? `the last ${name}` : `the last ${n} ${name}s`;
    }
  }
  return `the last ${Math.round(ms / 1000)} seconds`;
}
