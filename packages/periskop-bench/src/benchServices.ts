import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PeriskopDependencies } from '@periskop-backstage/plugin-periskop-backend/internal';

/**
 * The plugin's service credentials, as far as discovery needs them, and
 * the principal check the router makes before reading the catalog for a
 * caller.
 */
const auth = {
  isPrincipal(credentials: BackstageCredentials, type: string) {
    return (credentials.principal as { type?: string }).type === type;
  },
  async getOwnServiceCredentials() {
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:periskop' },
    };
  },
} as unknown as AuthService;

/** App config as `ConfigReader` takes it (a JSON object). */
export type AppConfig = NonNullable<
  ConstructorParameters<typeof ConfigReader>[0]
>;

/** Audits nothing: the benchmark only reads through the API. */
const auditor: AuditorService = {
  async createEvent() {
    return { async success() {}, async fail() {} };
  },
} as unknown as AuditorService;

/**
 * The services the plugin is assembled from, as the benchmark stands them
 * in: the default `periskop` configuration (no config given, as most
 * installations run it; the replicas set `periskop.shards`), the bench's
 * database and catalog, a mock caller and an allow-all permission service.
 */
export function benchServices(options: {
  database: { service: DatabaseService };
  catalog: CatalogService;
  logger: LoggerService;
  /** App config, when not the default (`{}`). */
  config?: AppConfig;
}): PeriskopDependencies {
  return {
    config: new ConfigReader(options.config ?? {}),
    database: options.database.service,
    catalog: options.catalog,
    auth,
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    auditor,
    logger: options.logger,
    discovery: mockServices.discovery(),
  };
}
