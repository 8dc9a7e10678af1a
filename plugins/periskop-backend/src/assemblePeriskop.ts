import {
  AuditorService,
  AuthService,
  DatabaseService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { PeriskopConfig, readPeriskopConfig } from './config/PeriskopConfig';
import { createPeriskopStores, PeriskopStores } from './database';
import { createScrapePool } from './scrape/createScrapePool';
import { ScrapePool } from './scrape/ScrapePool';
import { UndiciTargetFetcher } from './scrape/UndiciTargetFetcher';
import { OverviewService } from './service/OverviewService';
import { createRouter } from './service/router';
import { createPushRouter } from './service/createPushRouter';
import { createCompatRouter } from './service/compat/createCompatRouter';
import { PushReceiver } from './push/PushReceiver';
import { PushRateLimiter } from './push/PushRateLimiter';
import { Redaction } from './aggregation';
import {
  createPeriskopMetrics,
  noopPeriskopMetrics,
  PeriskopMetrics,
} from './metrics';

/** The services the plugin's parts are built on. */
export interface PeriskopDependencies {
  config: Config;
  database: DatabaseService;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** For the external URL that push keys are handed out with. */
  discovery: Pick<DiscoveryService, 'getExternalBaseUrl'>;
  /**
   * Backstage's metrics service (OpenTelemetry); without it nothing is
   * measured (tests, the benchmark).
   */
  metrics?: MetricsService;
}

/** The plugin's parts, ready to be scheduled and mounted. */
export interface PeriskopParts {
  settings: PeriskopConfig;
  stores: PeriskopStores;
  /** Discovery and scrape cycles (all targets, or one shard of the stored ones). */
  pool: ScrapePool;
  /** To be closed on shutdown. */
  fetcher: UndiciTargetFetcher;
  router: express.Router;
  /** What the scheduled tasks record their runs in (a no-op without a metrics service). */
  metrics: PeriskopMetrics;
}

/**
 * Builds every part of the plugin from its services: the configuration
 * with its defaults, the stores (migrated), the scrape pool and the HTTP
 * router. `plugin.ts` schedules and mounts them; the benchmark measures
 * exactly these parts.
 */
export async function assemblePeriskop(
  deps: PeriskopDependencies,
): Promise<PeriskopParts> {
  const settings = readPeriskopConfig(deps.config);
  const stores = await createPeriskopStores({
    database: deps.database,
    samplesPerError: settings.storage.samplesPerError,
    limits: settings.limits,
  });
  const metrics = deps.metrics
    ? createPeriskopMetrics(deps.metrics, settings)
    : noopPeriskopMetrics;
  const { pool, fetcher } = createScrapePool({
    settings,
    store: stores.ingest,
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
    metrics,
  });
  const router = await createPeriskopRouter({
    ...deps,
    settings,
    stores,
    periskopMetrics: metrics,
  });
  return { settings, stores, pool, fetcher, router, metrics };
}

/**
 * The HTTP API over the stores, with the overview over the catalog, and
 * the push endpoints (first: they read their bodies raw).
 */
export async function createPeriskopRouter(
  options: {
    settings: PeriskopConfig;
    stores: PeriskopStores;
    /** Counts the occurrences of pushes; none when absent. */
    periskopMetrics?: PeriskopMetrics;
  } & Pick<
    PeriskopDependencies,
    | 'catalog'
    | 'httpAuth'
    | 'permissions'
    | 'auditor'
    | 'auth'
    | 'discovery'
    | 'logger'
  >,
): Promise<express.Router> {
  const { settings, stores, catalog, permissions } = options;
  const pushRouter = createPushRouter({
    receiver: new PushReceiver({
      apply: {
        store: stores.ingest,
        redaction: new Redaction(settings.redaction),
        metrics: options.periskopMetrics,
      },
      pushes: stores.pushes,
      catalog,
      auth: options.auth,
      maxKeys: settings.scrape.maxKeysPerTarget,
      logger: options.logger,
    }),
    limiter: new PushRateLimiter(settings.push.maxPushesPerMinute),
    httpAuth: options.httpAuth,
    permissions,
    maxBodyBytes: settings.scrape.maxBodyBytes,
  });
  const apiRouter = await createRouter({
    reads: stores.reads,
    triage: stores.triage,
    pushKeys: stores.pushKeys,
    externalBaseUrl: () => options.discovery.getExternalBaseUrl('periskop'),
    overview: new OverviewService({
      catalog,
      auth: options.auth,
      permissions,
      store: stores.reads,
    }),
    catalog,
    auth: options.auth,
    httpAuth: options.httpAuth,
    permissions,
    auditor: options.auditor,
    scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
  });
  // the Periskop server's API, for its UI, the community plugin and scripts
  const compatRouter = createCompatRouter({
    compat: stores.compat,
    reads: stores.reads,
    triage: stores.triage,
    catalog,
    permissions,
    auth: options.auth,
    httpAuth: options.httpAuth,
    auditor: options.auditor,
  });
  return express
    .Router()
    .use(pushRouter)
    .use('/compat', compatRouter)
    .use(apiRouter);
}
