import { AuthService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readPeriskopConfig } from '../../src/config/PeriskopConfig';
import { KnexErrorStore } from '../../src/database/KnexErrorStore';
import { CatalogTargetDiscovery } from '../../src/discovery/CatalogTargetDiscovery';
import { NodeDnsResolver } from '../../src/discovery/DnsResolver';
import { OutboundPolicy } from '../../src/discovery/OutboundPolicy';
import { createPolicyLookup } from '../../src/discovery/policyLookup';
import { ScrapePool } from '../../src/scrape/ScrapePool';
import { TargetScraper } from '../../src/scrape/TargetScraper';
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

/** The plugin's scrape machinery, wired exactly as `plugin.ts` wires it. */
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
  const policy = new OutboundPolicy(settings.targets);
  const fetcher = new UndiciTargetFetcher({
    timeoutMs: settings.scrape.timeoutMs,
    maxBodyBytes: settings.scrape.maxBodyBytes,
    concurrency: settings.scrape.concurrency,
    lookup: createPolicyLookup(policy),
  });
  const pool = new ScrapePool({
    discovery: new CatalogTargetDiscovery({
      catalog,
      auth,
      dns: new NodeDnsResolver(),
      policy,
      logger,
    }),
    store,
    scraper: new TargetScraper({
      fetcher,
      store,
      logger,
      maxKeysPerTarget: settings.scrape.maxKeysPerTarget,
      redactedHeaders: settings.redactedHeaders,
    }),
    logger,
    concurrency: settings.scrape.concurrency,
  });
  return {
    pool,
    store,
    fetcher,
    concurrency: settings.scrape.concurrency,
    close: () => fetcher.close(),
  };
}
