/**
 * Internals of the Periskop backend plugin for the repository's own tools
 * (the benchmark in `packages/periskop-bench`). Not a public API: anything
 * here may change or go away in any release.
 *
 * @packageDocumentation
 */

/**
 * Builds every part of the plugin (settings, stores, scrape pool, router)
 * the way the plugin runs them.
 *
 * @internal
 */
export { assemblePeriskop, createPeriskopRouter } from './assemblePeriskop';

/**
 * The parts `assemblePeriskop` returns and the services it needs.
 *
 * @internal
 */
export type { PeriskopParts, PeriskopDependencies } from './assemblePeriskop';

/**
 * Connects to the plugin's database and returns the store of each caller
 * (ingest, reads, triage, maintenance).
 *
 * @internal
 */
export { createPeriskopStores } from './database';

/**
 * The stores over one database.
 *
 * @internal
 */
export type { PeriskopStores } from './database';

/**
 * Wires discovery, fetcher, scraper and store the way the plugin runs them.
 *
 * @internal
 */
export { createScrapePool } from './scrape/createScrapePool';

/**
 * Discovery and scrape cycles over all targets (or one shard of them).
 *
 * @internal
 */
export type { ScrapePool } from './scrape/ScrapePool';

/**
 * What one discovery pass found and changed.
 *
 * @internal
 */
export type { DiscoverySummary } from './scrape/ScrapePool';

/**
 * Totals of one scrape cycle.
 *
 * @internal
 */
export type { ScrapeCycleSummary } from './scrape/ScrapePool';

/**
 * The HTTP fetcher of Periskop endpoints (undici, outbound policy).
 *
 * @internal
 */
export type { UndiciTargetFetcher } from './scrape/UndiciTargetFetcher';

/**
 * Reads the `periskop` configuration with its defaults.
 *
 * @internal
 */
export { readPeriskopConfig } from './config/PeriskopConfig';

/**
 * Maps over items with at most a given number of calls in flight.
 *
 * @internal
 */
export { mapWithConcurrency } from './concurrency/mapWithConcurrency';

/**
 * The text an error group is searched by.
 *
 * @internal
 */
export { buildSearchText } from './aggregation/buildSearchText';

/**
 * The stored hash of a client's aggregation key.
 *
 * @internal
 */
export { hashAggregationKey } from './aggregation/hashAggregationKey';

/**
 * Removes secrets from samples and aggregation keys, as the ingest does.
 *
 * @internal
 */
export { Redaction } from './aggregation/redaction';

/**
 * A sample's content in canonical form with its digest, as the ingest stores it.
 *
 * @internal
 */
export { sampleContent } from './aggregation/sampleContent';

/**
 * What is redacted without configuration.
 *
 * @internal
 */
export { DEFAULT_REDACTION_SETTINGS } from './aggregation/redaction';

/**
 * The stable id of a scrape target (entity ref and URL).
 *
 * @internal
 */
export { targetId } from './discovery/targetId';

/**
 * The org-wide errors overview behind the router.
 *
 * @internal
 */
export { OverviewService } from './service/OverviewService';

/**
 * The plugin's REST router.
 *
 * @internal
 */
export { createRouter } from './service/router';
