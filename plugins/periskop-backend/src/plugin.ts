import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { periskopPermissions } from '@periskop-backstage/plugin-periskop-common';
import { assemblePeriskop } from './assemblePeriskop';
import { timedTask } from './metrics/timedTask';
import { scheduleScrapeTasks } from './scrape/scheduleScrapeTasks';

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
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        // which plugins run here: are the notifications and signals backends installed?
        instanceMetadata: coreServices.rootInstanceMetadata,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        // alpha, registered by default since backend-defaults 0.18; exports
        // nothing until the backend installs a meter provider (see README)
        metrics: metricsServiceRef,
        // both have default factories that call their backends; used only
        // when those are installed (see createLiveUpdates)
        notifications: notificationService,
        signals: signalsServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const { httpRouter, lifecycle, logger, scheduler } = deps;
        deps.permissionsRegistry.addPermissions(periskopPermissions);

        const { settings, stores, pool, fetcher, router, metrics } =
          await assemblePeriskop(deps);
        lifecycle.addShutdownHook(() => fetcher.close());

        await scheduleScrapeTasks({
          scheduler,
          schedule: settings.schedule,
          shards: settings.shards,
          pool,
          logger,
          metrics,
        });

        await scheduler.scheduleTask({
          id: 'periskop-retention',
          ...settings.storage.retentionSchedule,
          fn: timedTask(metrics)('periskop-retention', async () => {
            const removed = await stores.maintenance.runRetention({
              now: Date.now(),
              retentionMs: settings.storage.retentionMs,
              fineBucketMaxAgeMs: settings.storage.fineBucketMaxAgeMs,
              groupIdleMs: settings.storage.groupIdleMs,
              removedEntityGraceMs: settings.storage.removedEntityGraceMs,
            });
            logger.info('Periskop retention finished', { ...removed });
          }),
        });

        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // the push key in the path is the credential (clients cannot send headers)
        httpRouter.addAuthPolicy({ path: '/push', allow: 'unauthenticated' });
      },
    });
  },
});
