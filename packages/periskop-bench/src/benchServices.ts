import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PeriskopDependencies } from '@periskop-backstage/plugin-periskop-backend/internal';
import { BenchDatabase } from './database/BenchDatabase';

/** The plugin's service credentials, as far as discovery needs them. */
const auth = {
  async getOwnServiceCredentials() {
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:periskop' },
    };
  },
} as unknown as AuthService;

/** Audits nothing: the benchmark only reads through the API. */
const auditor: AuditorService = {
  async createEvent() {
    return { async success() {}, async fail() {} };
  },
} as unknown as AuditorService;

/**
 * The services the plugin is assembled from, as the benchmark stands them
 * in: the default `periskop` configuration (no config given, as most
 * installations run it), the bench's database and catalog, a mock caller
 * and an allow-all permission service.
 */
export function benchServices(options: {
  database: BenchDatabase;
  catalog: CatalogService;
  logger: LoggerService;
}): PeriskopDependencies {
  return {
    config: new ConfigReader({}),
    database: options.database.service,
    catalog: options.catalog,
    auth,
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    auditor,
    logger: options.logger,
  };
}
