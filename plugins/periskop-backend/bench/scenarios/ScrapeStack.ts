import { AuthService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readPeriskopConfig } from '../../src/config/PeriskopConfig';
import { KnexErrorStore } from '../../src/database/KnexErrorStore';
import { ScrapePool } from '../../src/scrape/ScrapePool';
import { createScrapePool } from '../../src/scrape/createScrapePool';
import { UndiciTargetFetcher } from '../../src/scrape/UndiciTargetFetcher';
import { BenchDatabase } from '../database/BenchDatabase';
import { BenchLogger } from './BenchLogger';

/** The plugin's service credentials, as far as discovery needs them. */
const auth = {
  async getOwnServiceCredentials() {
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:periskop' },
    };
  },
} as unknown as AuthService;

/** The plugin's scrape machinery, wired by the plugin's own `createScrapePool`. */
export interface ScrapeStack {
  pool: ScrapePool;
  store: KnexErrorStore;
  fetcher: UndiciTargetFetcher;
  concurrency: number;
  close(): Promise<void>;
}

/**
 * Builds the real scrape stack on a database: the default `periskop`
 * configuration (no config given, as most installations run it), the
 * outbound policy with its DNS-rebinding-proof lookup, `UndiciTargetFetcher`,
 * `CatalogTargetDiscovery` over the given catalog, `TargetScraper`,
 * `KnexErrorStore` with its migrations, and `ScrapePool`.
 */
export async function createScrapeStack(options: {
  database: BenchDatabase;
  catalog: CatalogService;
  logger: BenchLogger;
}): Promise<ScrapeStack> {
  const { database, catalog, logger } = options;
  const settings = readPeriskopConfig(new ConfigReader({}));
  const store = await KnexErrorStore.create({
    database: database.service,
    samplesPerError: settings.storage.samplesPerError,
  });
  const { pool, fetcher } = createScrapePool({
    settings,
    store,
    catalog,
    auth,
    logger,
  });
  return {
    pool,
    store,
    fetcher,
    concurrency: settings.scrape.concurrency,
    close: () => fetcher.close(),
  };
}
