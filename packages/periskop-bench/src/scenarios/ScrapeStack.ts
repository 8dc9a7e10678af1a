import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  assemblePeriskop,
  PeriskopStores,
} from '@periskop-backstage/plugin-periskop-backend/internal';
import type {
  ScrapePool,
  UndiciTargetFetcher,
} from '@periskop-backstage/plugin-periskop-backend/internal';
import { AppConfig, benchServices } from '../benchServices';
import { BenchLogger } from './BenchLogger';

/** The plugin's scrape machinery, assembled by the plugin's own `assemblePeriskop`. */
export interface ScrapeStack {
  pool: ScrapePool;
  stores: PeriskopStores;
  fetcher: UndiciTargetFetcher;
  concurrency: number;
  /** `periskop.shards` as the plugin read it. */
  shards: number;
  close(): Promise<void>;
}

/**
 * Builds the real scrape stack on a database, exactly as the plugin does
 * (`assemblePeriskop`): the default configuration, the outbound policy with
 * its DNS-rebinding-proof lookup, `UndiciTargetFetcher`,
 * `CatalogTargetDiscovery` over the given catalog, `TargetScraper`, the
 * stores with their migrations, and `ScrapePool`.
 */
export async function createScrapeStack(options: {
  database: { service: DatabaseService };
  catalog: CatalogService;
  logger: BenchLogger;
  /** App config, when not the default (the replicas set `periskop.shards`). */
  config?: AppConfig;
}): Promise<ScrapeStack> {
  const { settings, stores, pool, fetcher } = await assemblePeriskop(
    benchServices(options),
  );
  return {
    pool,
    stores,
    fetcher,
    concurrency: settings.scrape.concurrency,
    shards: settings.shards,
    close: () => fetcher.close(),
  };
}
