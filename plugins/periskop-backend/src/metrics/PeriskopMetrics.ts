import type { GroupDelta } from '../database';
import type { ScrapeTarget } from '../discovery/types';
import type { TargetScrapeResult } from '../scrape/TargetScraper';

/**
 * The store calls whose latency `periskop_store_duration_seconds` shows,
 * as its `operation` label.
 */
export type StoreOperation =
  | 'apply_instance_scrape'
  | 'sync_targets'
  | 'list_scrape_targets'
  | 'list_scrape_states'
  | 'record_target_health';

/** Where a counted payload came from: the labels of its occurrences. */
export interface OccurrenceSource {
  /** The entity's Periskop service name (see `serviceNameOf`). */
  serviceName: string;
  /** The entity, as `kind:namespace/name`. */
  entityRef: string;
  /** The scraped URL, or where a push came from. */
  url: string;
}

/** One target of a cycle and what its scrape produced (undefined: not scraped). */
export interface ScrapedTarget {
  target: ScrapeTarget;
  result: TargetScrapeResult | undefined;
}

/**
 * What the plugin measures, in the words of its own parts; the names,
 * labels and instruments behind it are `createPeriskopMetrics`'s. Every
 * method is cheap and never throws, so the hooks in the scrape path stay
 * one line each.
 */
export interface PeriskopMetrics {
  /**
   * Counts the occurrences one committed apply added (see
   * `InstanceScrapeResult.groupDeltas`): `periskop_error_occurrences`.
   * Called once per committed apply, after the commit.
   */
  countOccurrences(
    source: OccurrenceSource,
    deltas: readonly GroupDelta[],
  ): void;

  /**
   * The health of the targets one scrape cycle of `scope` (a shard, or the
   * whole fleet) went through; targets of that scope missing from
   * `scraped` are forgotten (they left discovery), as are targets no cycle
   * reported for a long while (another replica scrapes them now).
   */
  recordTargets(scope: string, scraped: readonly ScrapedTarget[]): void;

  /** Runs one store call and records its latency, also when it fails. */
  timeStore<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T>;

  /** Records how long one run of a scheduled task took (`periskop_cycle_duration_seconds`). */
  recordTaskRun(task: string, seconds: number): void;
}

/**
 * Metrics that record nothing: for the parts assembled without a metrics
 * service (tests, the benchmark).
 */
export const noopPeriskopMetrics: PeriskopMetrics = {
  countOccurrences() {},
  recordTargets() {},
  timeStore: (_operation, call) => call(),
  recordTaskRun() {},
};
