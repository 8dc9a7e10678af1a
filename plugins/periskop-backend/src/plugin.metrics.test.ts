import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { componentEntity } from './__testUtils__/componentEntity';
import { createTestDatabases } from './__testUtils__/databases';
import { startInstrumentedService } from './__testUtils__/instrumentedService';
import { InMemoryMetrics } from './__testUtils__/inMemoryMetrics';
import { waitUntil } from './__testUtils__/waitUntil';
import { ERROR_OCCURRENCES_METRIC } from './metrics';
import { periskopPlugin } from './plugin';

// The plugin takes Backstage's metrics service (metricsServiceRef) and
// reports through it what its scheduled scrapes count.

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe('periskop backend plugin metrics', () => {
  it('reports occurrences, target health and task runs through the metrics service', async () => {
    const [databaseId] = databases.eachSupportedId()[0];
    const knex = await databases.init(databaseId);
    const { collector, url, stop } = await startInstrumentedService();
    const metrics = new InMemoryMetrics();
    const backend = await startTestBackend({
      features: [
        periskopPlugin,
        schedulerServiceFactory,
        mockServices.database.factory({ knex }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogServiceMock({
              entities: [
                componentEntity('api', {
                  targets: url,
                  serviceName: 'api-gateway',
                }),
              ],
            }),
        }),
        createServiceFactory({
          service: metricsServiceRef,
          deps: {},
          factory: () => metrics.service,
        }),
        mockServices.rootConfig.factory({
          data: {
            periskop: {
              schedule: {
                frequency: { seconds: 1 },
                timeout: { seconds: 30 },
                initialDelay: { seconds: 0 },
              },
              metrics: { targetLabel: true },
            },
          },
        }),
      ],
    });
    try {
      for (let i = 0; i < 3; i++) collector.report(new RangeError('bad'));
      await waitUntil(async () =>
        (
          await metrics.series(ERROR_OCCURRENCES_METRIC)
        ).some(s => s.value === 3),
      );
      const [occurrences] = await metrics.series(ERROR_OCCURRENCES_METRIC);
      expect(occurrences.labels).toEqual({
        service_name: 'api-gateway',
        entity_ref: 'component:default/api',
        severity: 'error',
        aggregation_key: expect.stringMatching(/^RangeError@/),
        target: url,
      });

      await waitUntil(
        async () =>
          (await metrics.series('periskop_cycle_duration_seconds')).length > 0,
      );
      expect(await metrics.series('periskop_target_up')).toEqual([
        {
          labels: {
            service_name: 'api-gateway',
            entity_ref: 'component:default/api',
            target: url,
          },
          value: 1,
        },
      ]);
      expect(
        (await metrics.series('periskop_cycle_duration_seconds')).map(
          s => s.labels.task,
        ),
      ).toContain('periskop-scrape');
    } finally {
      await backend.stop();
      await stop();
      await metrics.shutdown();
    }
  });
});
