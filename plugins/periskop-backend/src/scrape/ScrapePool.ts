import { LoggerService } from '@backstage/backend-plugin-api';
import {
  IngestStore,
  TargetHealthRecord,
  TargetScrapeState,
} from '../database';
import { ScrapeTarget, TargetDiscovery } from '../discovery/types';
import { mapWithConcurrency } from '../concurrency/mapWithConcurrency';
import { TargetScraper } from './TargetScraper';

/** A slice of the targets, for fleets scraped by several global tasks. */
export interface Shard {
  index: number;
  count: number;
}

/** Totals of one scrape cycle, also logged. */
export interface ScrapeCycleSummary {
  targets: number;
  ok: number;
  failed: number;
  newOccurrences: number;
  groupsChanged: number;
  /** Targets whose payload was byte for byte the one already stored. */
  unchanged: number;
  durationMs: number;
}

/** Whether a target belongs to a shard; stable because target ids are. */
export function isInShard(target: { id: string }, shard: Shard): boolean {
  return shard.count <= 1
    ? true
    : parseInt(target.id.slice(0, 8), 16) % shard.count === shard.index;
}

/** The targets ordered by their last scrape, oldest first, never scraped before all. */
export function leastRecentlyScrapedFirst(
  targets: readonly ScrapeTarget[],
  states: ReadonlyMap<string, TargetScrapeState>,
): ScrapeTarget[] {
  const lastScrape = (target: ScrapeTarget) =>
    states.get(target.id)?.lastScrapeAt ?? Number.NEGATIVE_INFINITY;
  // stable: equal times keep discovery's order
  return [...targets].sort((a, b) => lastScrape(a) - lastScrape(b) || 0);
}

/**
 * One scrape cycle over all targets (or one shard of them): discovers the
 * targets, keeps the stored target list in sync, scrapes every target with
 * bounded concurrency and stores their health in one batch.
 */
export class ScrapePool {
  constructor(
    private readonly options: {
      discovery: TargetDiscovery;
      store: IngestStore;
      scraper: TargetScraper;
      logger: LoggerService;
      concurrency: number;
    },
  ) {}

  async scrapeAll(
    options: { signal?: AbortSignal; shard?: Shard } = {},
  ): Promise<ScrapeCycleSummary> {
    const { discovery, store, scraper, logger, concurrency } = this.options;
    const { signal } = options;
    const shard = options.shard ?? { index: 0, count: 1 };
    const started = performance.now();

    const { targets, problems } = await discovery.discover({ signal });
    for (const problem of problems) {
      logger.warn(
        `Invalid periskop.io/targets entry on ${problem.entityRef}: ${problem.message}`,
      );
    }
    await store.syncTargets(targets);
    // what the last cycle (on any replica) stored, to skip unchanged payloads
    const states = await store.listScrapeStates();

    // Least recently scraped first (never scraped before all): a cycle cut
    // short by the task's timeout records the health of what it finished,
    // so the next one starts where it stopped instead of from the top, and
    // a first cycle longer than the timeout still gets through the fleet.
    const mine = leastRecentlyScrapedFirst(
      targets.filter(target => isInShard(target, shard)),
      states,
    );
    const results = await mapWithConcurrency(
      mine,
      concurrency,
      (target: ScrapeTarget) =>
        scraper.scrape(target, signal, states.get(target.id)),
      signal,
    );

    const health: TargetHealthRecord[] = [];
    const summary: ScrapeCycleSummary = {
      targets: mine.length,
      ok: 0,
      failed: 0,
      newOccurrences: 0,
      groupsChanged: 0,
      unchanged: 0,
      durationMs: 0,
    };
    for (const result of results) {
      // not started, or cut off, because the cycle was aborted: not scraped
      if (!result || result.aborted) continue;
      health.push(result.health);
      if (result.health.up) summary.ok += 1;
      else summary.failed += 1;
      summary.newOccurrences += result.newOccurrences;
      summary.groupsChanged += result.groupsChanged;
      if (result.unchanged) summary.unchanged += 1;
    }
    await store.recordTargetHealth(health);

    summary.durationMs = Math.round(performance.now() - started);
    logger.info(
      `Periskop scrape cycle: ${summary.targets} targets, ${summary.ok} ok, ${summary.failed} failed, ${summary.newOccurrences} new occurrences in ${summary.durationMs}ms`,
      {
        shard: `${shard.index + 1}/${shard.count}`,
        targets: summary.targets,
        ok: summary.ok,
        failed: summary.failed,
        newOccurrences: summary.newOccurrences,
        groupsChanged: summary.groupsChanged,
        unchanged: summary.unchanged,
        durationMs: summary.durationMs,
      },
    );
    if (signal?.aborted) {
      logger.warn(
        `Periskop scrape cycle aborted after ${health.length} of ${mine.length} targets`,
      );
    }
    return summary;
  }
}
