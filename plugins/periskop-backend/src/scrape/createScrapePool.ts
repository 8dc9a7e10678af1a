import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Redaction } from '../aggregation';
import { PeriskopConfig } from '../config/PeriskopConfig';
import { IngestStore } from '../database';
import { CatalogTargetDiscovery } from '../discovery/CatalogTargetDiscovery';
import { NodeDnsResolver } from '../discovery/DnsResolver';
import { OutboundPolicy } from '../discovery/OutboundPolicy';
import { OwnBackendEndpoints } from '../discovery/OwnBackendEndpoints';
import { createPolicyLookup } from '../discovery/policyLookup';
import type { PeriskopMetrics } from '../metrics/PeriskopMetrics';
import type { IngestObserver } from '../live/IngestObserver';
import { resolverLookup } from '../discovery/resolverLookup';
import { ScrapePool } from './ScrapePool';
import { TargetScraper } from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';

/**
 * The scrape machinery as the plugin runs it (and the benchmark measures
 * it): catalog discovery under the outbound policy, undici with the
 * policy's connect-time lookup, the target scraper and the pool. The caller
 * closes the fetcher when it shuts down.
 */
export function createScrapePool(options: {
  settings: PeriskopConfig;
  store: IngestStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** None: nothing is measured (tests, the benchmark). */
  metrics?: PeriskopMetrics;
  /** Told what each cycle changed; none: nobody is (tests, the benchmark). */
  observer?: IngestObserver;
}): { pool: ScrapePool; fetcher: UndiciTargetFetcher } {
  const { settings, store, catalog, auth, logger, metrics, observer } = options;
  const policy = new OutboundPolicy(settings.targets);
  const ownBackend = new OwnBackendEndpoints(settings.backend);
  const dns = new NodeDnsResolver({ servers: settings.discovery.dnsServers });
  // configured DNS servers resolve what is fetched too (dns+srv targets
  // keep their host names); otherwise the system's lookup does
  const baseLookup =
    settings.discovery.dnsServers.length > 0 ? resolverLookup(dns) : undefined;
  const fetcher = new UndiciTargetFetcher({
    timeoutMs: settings.scrape.timeoutMs,
    maxBodyBytes: settings.scrape.maxBodyBytes,
    concurrency: settings.scrape.concurrency,
    lookupForPort: port =>
      createPolicyLookup(policy, baseLookup, { port, ownBackend }),
  });
  const pool = new ScrapePool({
    discovery: new CatalogTargetDiscovery({
      catalog,
      auth,
      dns,
      policy,
      logger,
      maxEntriesPerAnnotation: settings.discovery.maxEntriesPerAnnotation,
      maxRecordsPerName: settings.discovery.maxRecordsPerName,
      maxTargetsPerEntity: settings.discovery.maxTargetsPerEntity,
    }),
    store,
    scraper: new TargetScraper({
      fetcher,
      store,
      logger,
      maxKeysPerTarget: settings.scrape.maxKeysPerTarget,
      redaction: new Redaction(settings.redaction),
      metrics,
    }),
    logger,
    concurrency: settings.scrape.concurrency,
    metrics,
    observer,
  });
  return { pool, fetcher };
}
