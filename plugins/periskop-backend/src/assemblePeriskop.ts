import {
  AuditorService,
  AuthService,
  DatabaseService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import express from 'express';
import { PeriskopConfig, readPeriskopConfig } from './config/PeriskopConfig';
import { createPeriskopStores, PeriskopStores } from './database';
import { createScrapePool } from './scrape/createScrapePool';
import { ScrapePool } from './scrape/ScrapePool';
import { UndiciTargetFetcher } from './scrape/UndiciTargetFetcher';
import { OverviewService } from './service/OverviewService';
import { ReadableEntities } from './service/ReadableEntities';
import { createRouter } from './service/router';
import { createPushRouter } from './service/createPushRouter';
import { createCompatRouter } from './service/compat/createCompatRouter';
import { PushReceiver } from './push/PushReceiver';
import { PushRateLimiter } from './push/PushRateLimiter';
import { createLiveUpdates } from './live/createLiveUpdates';
import { installedPlugins } from './live/installedPlugins';
import { LiveUpdates } from './live/LiveUpdates';
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
  /**
   * Backstage's notification service, for the owners of new and
   * regressed errors (see `periskop.notifications`); without it nobody is
   * notified (tests, the benchmark).
   */
  notifications?: Pick<NotificationService, 'send'>;
  /** Backstage's signals, for pages to refetch live; without it none are sent. */
  signals?: Pick<SignalsService, 'publish'>;
  /**
   * Which plugins this backend runs, to tell whether the notifications and
   * signals backends are there (see `installedPlugins`); without it, every
   * service given above is used.
   */
  instanceMetadata?: Pick<RootInstanceMetadataService, 'getInstalledPlugins'>;
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
  /** Notifications and live-update signals when errors change. */
  liveUpdates: LiveUpdates;
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
  const liveUpdates = createLiveUpdates({
    settings: settings.notifications,
    store: stores.notifications,
    logger: deps.logger,
    notifications: deps.notifications,
    signals: deps.signals,
    installedPlugins:
      deps.instanceMetadata &&
      (await installedPlugins({
        instanceMetadata: deps.instanceMetadata,
        config: deps.config,
      })),
  });
  const { pool, fetcher } = createScrapePool({
    settings,
    store: stores.ingest,
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
    metrics,
    observer: liveUpdates,
  });
  const router = await createPeriskopRouter({
    ...deps,
    settings,
    stores,
    periskopMetrics: metrics,
    liveUpdates,
  });
  return { settings, stores, pool, fetcher, router, metrics, liveUpdates };
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
    /** Told about pushes, resolves and unresolves; none when absent. */
    liveUpdates?: LiveUpdates;
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
  // a resolve answers at once; the signal follows (it never rejects)
  const onErrorsChanged = (entityRefs: readonly string[]) => {
    void options.liveUpdates?.errorsChanged(entityRefs);
  };
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
      observer: options.liveUpdates,
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
    readableEntities: new ReadableEntities({
      catalog,
      auth: options.auth,
      permissions,
    }),
    catalog,
    auth: options.auth,
    httpAuth: options.httpAuth,
    permissions,
    auditor: options.auditor,
    scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
    liveUpdates: options.liveUpdates?.publishesSignals ?? false,
    onErrorsChanged,
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
    onErrorsChanged,
  });
  return express
    .Router()
    .use(pushRouter)
    .use('/compat', compatRouter)
    .use(apiRouter);
}
