import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GroupTransition,
  IngestStore,
  TargetHealthRecord,
  TargetScrapeState,
} from '../database';
import type { IngestObserver } from '../live/IngestObserver';
import { ScrapeTarget, TargetDiscovery } from '../discovery/types';
import { mapWithConcurrency } from '../concurrency/mapWithConcurrency';
import {
  noopPeriskopMetrics,
  PeriskopMetrics,
  StoreOperation,
} from '../metrics/PeriskopMetrics';
import { retryWhileStorageDown } from './retryWhileStorageDown';
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
  /** New error keys counted in overflow groups because a cap on groups was hit. */
  foldedKeys: number;
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

/** What one discovery pass found and changed in the stored target list. */
export interface DiscoverySummary {
  targets: number;
  /** Invalid annotation entries, logged and skipped. */
  problems: number;
  added: number;
  removed: number;
  updated: number;
  durationMs: number;
}

/**
 * Scrape cycles over the targets, as the scheduled tasks run them.
 *
 * Discovery (catalog and DNS) and the sync of the stored target list are
 * separate from scraping, as Prometheus separates its discovery manager
 * from its scrape pools: with one task, `scrapeAll` does both in one
 * cycle; with several shards, one task runs `discoverTargets` and each
 * shard task runs `scrapeShard` over the stored list, so the catalog is
 * read once per cycle and not once per shard.
 */
export class ScrapePool {
  constructor(
    private readonly options: {
      discovery: TargetDiscovery;
      store: IngestStore;
      scraper: TargetScraper;
      logger: LoggerService;
      concurrency: number;
      /** Target health gauges and store latencies; none when absent. */
      metrics?: PeriskopMetrics;
      /**
       * Told after each cycle what it changed (notifications, live-update
       * signals); none when absent (the benchmark, tests of the parts).
       */
      observer?: IngestObserver;
    },
  ) {
    this.#metrics = options.metrics ?? noopPeriskopMetrics;
  }

  readonly #metrics: PeriskopMetrics;

  /**
   * Discovers every target and makes the stored target list equal to the
   * complete result (other parts rely on seeing the whole list once per
   * cycle).
   */
  async discoverTargets(
    options: { signal?: AbortSignal } = {},
  ): Promise<{ targets: ScrapeTarget[]; summary: DiscoverySummary }> {
    const { discovery, store, logger } = this.options;
    const started = performance.now();
    const { targets, problems, entityRefs } = await discovery.discover({
      signal: options.signal,
    });
    for (const problem of problems) {
      // invalid entries, and entries over a discovery cap
      logger.warn(
        `periskop.io/targets of ${problem.entityRef}: ${problem.message}`,
      );
    }
    const changes = await this.#stored(
      'sync_targets',
      'storing the discovered targets',
      () => store.syncTargets(targets, { entityRefs }),
      options.signal,
    );
    return {
      targets,
      summary: {
        targets: targets.length,
        problems: problems.length,
        ...changes,
        durationMs: Math.round(performance.now() - started),
      },
    };
  }

  /** One cycle of a single task: discovers, syncs and scrapes every target. */
  async scrapeAll(
    options: { signal?: AbortSignal } = {},
  ): Promise<ScrapeCycleSummary> {
    const started = performance.now();
    const { targets } = await this.discoverTargets(options);
    return this.#scrape(targets, {
      signal: options.signal,
      shard: { index: 0, count: 1 },
      started,
    });
  }

  /**
   * One cycle of one shard task: scrapes its slice of the stored target
   * list, as the discovery task last wrote it.
   */
  async scrapeShard(options: {
    shard: Shard;
    signal?: AbortSignal;
  }): Promise<ScrapeCycleSummary> {
    const started = performance.now();
    const stored = await this.#stored(
      'list_scrape_targets',
      'reading the stored targets',
      () => this.options.store.listScrapeTargets(),
      options.signal,
    );
    return this.#scrape(
      stored.filter(target => isInShard(target, options.shard)),
      { ...options, started },
    );
  }

  async #scrape(
    targets: readonly ScrapeTarget[],
    options: { signal?: AbortSignal; shard: Shard; started: number },
  ): Promise<ScrapeCycleSummary> {
    const { store, scraper, logger, concurrency } = this.options;
    const { signal, shard, started } = options;
    // what the last cycle (on any replica) stored, to skip unchanged payloads
    const states = await this.#stored(
      'list_scrape_states',
      'reading the scrape states',
      () => store.listScrapeStates(),
      signal,
    );

    // Least recently scraped first (never scraped before all): a cycle cut
    // short by the task's timeout records the health of what it finished,
    // so the next one starts where it stopped instead of from the top, and
    // a first cycle longer than the timeout still gets through the fleet.
    const mine = leastRecentlyScrapedFirst(targets, states);
    const results = await mapWithConcurrency(
      mine,
      concurrency,
      (target: ScrapeTarget) =>
        scraper.scrape(target, signal, states.get(target.id)),
      signal,
    );

    const health: TargetHealthRecord[] = [];
    const changedEntityRefs = new Set<string>();
    const transitions: GroupTransition[] = [];
    const summary: ScrapeCycleSummary = {
      targets: mine.length,
      ok: 0,
      failed: 0,
      newOccurrences: 0,
      groupsChanged: 0,
      foldedKeys: 0,
      unchanged: 0,
      durationMs: 0,
    };
    for (const [index, result] of results.entries()) {
      // not started, or cut off, because the cycle was aborted: not scraped
      if (!result || result.aborted) continue;
      if (result.newOccurrences > 0) {
        changedEntityRefs.add(mine[index].entityRef);
      }
      transitions.push(...(result.transitions ?? []));
      health.push(result.health);
      if (result.health.up) summary.ok += 1;
      else summary.failed += 1;
      summary.newOccurrences += result.newOccurrences;
      summary.groupsChanged += result.groupsChanged;
      summary.foldedKeys += result.foldedKeys ?? 0;
      if (result.unchanged) summary.unchanged += 1;
    }
    this.#metrics.recordTargets(
      `${shard.index + 1}/${shard.count}`,
      mine.map((target, index) => ({ target, result: results[index] })),
    );
    try {
      await this.#stored(
        'record_target_health',
        `recording the health of ${health.length} targets`,
        () => store.recordTargetHealth(health),
        signal,
      );
    } finally {
      // what was committed is told even when the cycle was cut short, or
      // its health could not be recorded
      await this.options.observer?.afterIngest({
        changedEntityRefs: [...changedEntityRefs],
        transitions,
      });
    }

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
        foldedKeys: summary.foldedKeys,
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

  /** A store call of a cycle, each attempt timed; see {@link retryWhileStorageDown}. */
  #stored<T>(
    operation: StoreOperation,
    what: string,
    call: () => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return retryWhileStorageDown(
      () => this.#metrics.timeStore(operation, call),
      {
        what,
        signal,
        logger: this.options.logger,
      },
    );
  }
}
