import {
  coreServices,
  createBackendPlugin,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPeriskopConfig } from './config/PeriskopConfig';
import { KnexErrorStore } from './database/KnexErrorStore';
import { createScrapePool } from './scrape/createScrapePool';
import { OverviewService } from './service/OverviewService';
import { createRouter } from './service/router';
import { periskopPermissions } from '@periskop-backstage/plugin-periskop-common';

/** Seconds between scrapes, for clients' refresh pace; 30 for cron schedules. */
function scrapeIntervalSeconds(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number {
  const { frequency } = schedule;
  if (
    typeof frequency === 'object' &&
    !('cron' in frequency) &&
    !('trigger' in frequency)
  ) {
    return Math.max(1, Math.round(durationToMilliseconds(frequency) / 1000));
  }
  return 30;
}

/**
 * The Periskop backend plugin: scrapes the Periskop endpoints of annotated
 * catalog entities and serves the stored errors under `/api/periskop`.
 *
 * @public
 */
export const periskopPlugin = createBackendPlugin({
  pluginId: 'periskop',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init({
        auditor,
        auth,
        catalog,
        config,
        database,
        httpAuth,
        httpRouter,
        lifecycle,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
      }) {
        permissionsRegistry.addPermissions(periskopPermissions);

        const settings = readPeriskopConfig(config);
        const store = await KnexErrorStore.create({
          database,
          samplesPerError: settings.storage.samplesPerError,
        });
        const { pool, fetcher } = createScrapePool({
          settings,
          store,
          catalog,
          auth,
          logger,
        });
        lifecycle.addShutdownHook(() => fetcher.close());

        for (let index = 0; index < settings.shards; index++) {
          const shard = { index, count: settings.shards };
          await scheduler.scheduleTask({
            id:
              settings.shards === 1
                ? 'periskop-scrape'
                : `periskop-scrape-${index + 1}-of-${settings.shards}`,
            ...settings.schedule,
            fn: async signal => {
              await pool.scrapeAll({ signal, shard });
            },
          });
        }

        await scheduler.scheduleTask({
          id: 'periskop-retention',
          ...settings.storage.retentionSchedule,
          fn: async () => {
            const removed = await store.runRetention({
              now: Date.now(),
              retentionMs: settings.storage.retentionMs,
              fineBucketMaxAgeMs: settings.storage.fineBucketMaxAgeMs,
            });
            logger.info('Periskop retention finished', { ...removed });
          },
        });

        httpRouter.use(
          await createRouter({
            store,
            overview: new OverviewService({ catalog, permissions, store }),
            httpAuth,
            permissions,
            auditor,
            scrapeIntervalSeconds: scrapeIntervalSeconds(settings.schedule),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
