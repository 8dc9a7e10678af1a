import { TargetHealth } from '@periskop-backstage/plugin-periskop-common';
import { isPushedInstance } from '../shared';

/** The health of an entity's targets in one glance. */
export interface TargetHealthSummary {
  /** Scrape targets (pushed instances are counted in `pushed`). */
  total: number;
  /** Scrape targets whose last scrape succeeded. */
  up: number;
  /** Scrape targets whose last scrape failed. */
  down: number;
  /** Scrape targets not scraped even once yet (just discovered). */
  pending: number;
  /** Instances that pushed their errors; never up or down. */
  pushed: number;
  /** Malformed items skipped in the last payloads, over all targets and pushes. */
  warnings: number;
  /** Targets and pushed instances whose last stored payload had error keys counted past a cap on groups. */
  overCap: number;
  /** The most recent scrape of any scrape target. */
  lastScrapeAt: string | null;
  /** The most recent push of any pushed instance. */
  lastPushAt: string | null;
  /** The first failing scrape target, to quote its error. */
  firstDown: TargetHealth | undefined;
  /**
   * What to show for the scrape targets: the worst state wins. `none`
   * means no scrape target, whatever was pushed.
   */
  state: 'none' | 'pending' | 'down' | 'degraded' | 'up';
}

function latest(times: Array<string | null>): string | null {
  return times.reduce<string | null>(
    (newest, time) =>
      time !== null &&
      (newest === null || Date.parse(time) > Date.parse(newest))
        ? time
        : newest,
    null,
  );
}

/** Counts up, down and pending targets; see {@link TargetHealthSummary}. */
export function summarizeTargetHealth(
  targets: TargetHealth[],
): TargetHealthSummary {
  // a pushed instance that stopped pushing is a job that ended, not an
  // outage: it must not turn the scrape health red
  const pushes = targets.filter(isPushedInstance);
  const scrapeTargets = targets.filter(t => !isPushedInstance(t));
  const scraped = scrapeTargets.filter(t => t.lastScrapeAt !== null);
  const downTargets = scraped.filter(t => !t.up);
  const up = scraped.length - downTargets.length;
  let state: TargetHealthSummary['state'];
  if (scrapeTargets.length === 0) state = 'none';
  else if (scraped.length === 0) state = 'pending';
  else if (up === 0) state = 'down';
  else if (downTargets.length > 0) state = 'degraded';
  else state = 'up';
  return {
    total: scrapeTargets.length,
    up,
    down: downTargets.length,
    pending: scrapeTargets.length - scraped.length,
    pushed: pushes.length,
    warnings: targets.reduce((sum, t) => sum + (t.warnings ?? 0), 0),
    overCap: targets.filter(t => t.limitNotice).length,
    lastScrapeAt: latest(scraped.map(t => t.lastScrapeAt)),
    lastPushAt: latest(pushes.map(t => t.lastSuccessAt ?? t.lastScrapeAt)),
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

/** "1 pushed instance", "3 pushed instances". */
export function describePushedInstances(summary: TargetHealthSummary): string {
  return `${summary.pushed} pushed ${
    summary.pushed === 1 ? 'instance' : 'instances'
  }`;
}
