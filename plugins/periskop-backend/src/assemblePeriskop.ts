import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
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
  const { pool, fetcher } = createScrapePool({
    settings,
    store: stores.ingest,
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
  });
  const router = await createPeriskopRouter({ settings, stores, ...deps });
  return { settings, stores, pool, fetcher, router };
}

/** The HTTP API over the stores, with the overview over the catalog. */
export function createPeriskopRouter(
  options: { settings: PeriskopConfig; stores: PeriskopStores } & Pick<
    PeriskopDependencies,
    'catalog' | 'httpAuth' | 'permissions' | 'auditor'
  >,
): Promise<express.Router> {
  const { settings, stores, catalog, permissions } = options;
  return createRouter({
    reads: stores.reads,
    triage: stores.triage,
    overview: new OverviewService({
      catalog,
      permissions,
      store: stores.reads,
    }),
    catalog,
    httpAuth: options.httpAuth,
    permissions,
    auditor: options.auditor,
    scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
  });
}
