import { TargetHealth } from '@periskop-backstage/plugin-periskop-common';

/** The health of an entity's targets in one glance. */
export interface TargetHealthSummary {
  total: number;
  /** Targets whose last scrape succeeded. */
  up: number;
  /** Targets whose last scrape failed. */
  down: number;
  /** Targets not scraped even once yet (just discovered). */
  pending: number;
  /** Malformed items skipped in the last payloads, over all targets. */
  warnings: number;
  /** Targets whose last stored payload had error keys counted past a cap on groups. */
  overCap: number;
  /** The most recent scrape of any target. */
  lastScrapeAt: string | null;
  /** The first failing target, to quote its error. */
  firstDown: TargetHealth | undefined;
  /** What to show: the worst state wins. */
  state: 'none' | 'pending' | 'down' | 'degraded' | 'up';
}

/** Counts up, down and pending targets; see {@link TargetHealthSummary}. */
export function summarizeTargetHealth(
  targets: TargetHealth[],
): TargetHealthSummary {
  const scraped = targets.filter(t => t.lastScrapeAt !== null);
  const downTargets = scraped.filter(t => !t.up);
  const up = scraped.length - downTargets.length;
  const lastScrapeAt = scraped.reduce<string | null>(
    (latest, t) =>
      latest === null || Date.parse(t.lastScrapeAt!) > Date.parse(latest)
        ? t.lastScrapeAt
        : latest,
    null,
  );
  let state: TargetHealthSummary['state'];
  if (targets.length === 0) state = 'none';
  else if (scraped.length === 0) state = 'pending';
  else if (up === 0) state = 'down';
  else if (downTargets.length > 0) state = 'degraded';
  else state = 'up';
  return {
    total: targets.length,
    up,
    down: downTargets.length,
    pending: targets.length - scraped.length,
    warnings: targets.reduce((sum, t) => sum + (t.warnings ?? 0), 0),
    overCap: targets.filter(t => t.limitNotice).length,
    lastScrapeAt,
    firstDown: downTargets[0],
    state,
  };
}

/** "2 of 3 targets up", with the singular for one target. */
export function describeTargetsUp(summary: TargetHealthSummary): string {
  const noun = summary.total === 1 ? 'target' : 'targets';
  return `${summary.up} of ${summary.total} ${noun} up`;
}

/** "2 of 2 targets down". */
export function describeTargetsDown(summary: TargetHealthSummary): string {
  const noun = summary.total === 1 ? 'target' : 'targets';
  return `${summary.down} of ${summary.total} ${noun} down`;
}
