import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  assemblePeriskop,
  PeriskopStores,
} from '@periskop-backstage/plugin-periskop-backend/internal';
import type {
  ScrapePool,
  UndiciTargetFetcher,
} from '@periskop-backstage/plugin-periskop-backend/internal';
import { benchServices } from '../benchServices';
import { BenchDatabase } from '../database/BenchDatabase';
import { BenchLogger } from './BenchLogger';

/** The plugin's scrape machinery, assembled by the plugin's own `assemblePeriskop`. */
export interface ScrapeStack {
  pool: ScrapePool;
  stores: PeriskopStores;
  fetcher: UndiciTargetFetcher;
  concurrency: number;
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
  database: BenchDatabase;
  catalog: CatalogService;
  logger: BenchLogger;
}): Promise<ScrapeStack> {
  const { settings, stores, pool, fetcher } = await assemblePeriskop(
    benchServices(options),
  );
  return {
    pool,
    stores,
    fetcher,
    concurrency: settings.scrape.concurrency,
    close: () => fetcher.close(),
  };
}
