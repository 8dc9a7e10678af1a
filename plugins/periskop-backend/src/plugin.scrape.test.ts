import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { componentEntity } from './__testUtils__/componentEntity';
import { startInstrumentedService } from './__testUtils__/instrumentedService';
import { createTestDatabases } from './__testUtils__/databases';
import { PayloadServer } from './__testUtils__/payloadServer';
import { periskopPlugin } from './plugin';
import { waitUntil } from './__testUtils__/waitUntil';

jest.setTimeout(120_000);

const databases = createTestDatabases();

function startBackend(
  knex: Knex,
  entities: Entity[],
  options: {
    shards?: number;
    frequencySeconds?: number;
    onCatalogRead?: () => void | Promise<void>;
  } = {},
) {
  const catalog = catalogServiceMock({ entities });
  const streamEntities = catalog.streamEntities.bind(catalog);
  catalog.streamEntities = async function* stream(...args) {
    await options.onCatalogRead?.();
    yield* streamEntities(...args);
  };
  return startTestBackend({
    features: [
      periskopPlugin,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      mockServices.rootConfig.factory({
        data: {
          periskop: {
            shards: options.shards ?? 1,
            schedule: {
              frequency: { seconds: options.frequencySeconds ?? 1 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 0 },
            },
          },
        },
      }),
    ],
  });
}

async function totalCount(knex: Knex, entityRef: string): Promise<number> {
  const rows = await knex('error_groups')
    .where({ entity_ref: entityRef })
    .select('total_count');
  return rows.reduce((sum, row) => sum + Number(row.total_count), 0);
}

describe('periskop backend plugin scraping through the real scheduler', () => {
  it.each(databases.eachSupportedId())(
    'fills the database from catalog-annotated targets on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const service = await startInstrumentedService();
      const backend = await startBackend(knex, [
        componentEntity('api', {
          targets: `${service.url}, http://127.0.0.1:1/-/exceptions`,
        }),
        componentEntity('website'),
      ]);
      try {
        for (let i = 0; i < 5; i++)
          service.collector.report(new RangeError('bad'));
        // counts are committed per target, health at the end of the cycle
        await waitUntil(
          async () =>
            (await totalCount(knex, 'component:default/api')) >= 5 &&
            (await knex('targets').whereNotNull('last_scrape_at')).length === 2,
        );
        expect(await totalCount(knex, 'component:default/api')).toBe(5);
        const targets = await knex('targets').orderBy('url');
        expect(targets).toHaveLength(2);
        const byUrl = new Map(targets.map(t => [t.url, t]));
        expect(Boolean(byUrl.get(service.url).up)).toBe(true);
        expect(Boolean(byUrl.get('http://127.0.0.1:1/-/exceptions').up)).toBe(
          false,
        );
        expect(byUrl.get('http://127.0.0.1:1/-/exceptions').last_error).toMatch(
          /connection refused/,
        );
      } finally {
        await backend.stop();
        await service.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'with 4 shards reads the catalog once per cycle, not once per shard, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await PayloadServer.start();
      const paths = Array.from({ length: 12 }, (_, i) => `/s${i}/-/exceptions`);
      for (const path of paths) {
        server.set(path, { body: '{"aggregated_errors":[]}' });
      }
      const entities = paths.map((path, i) =>
        componentEntity(`svc-${i}`, { targets: server.url(path) }),
      );
      let catalogReads = 0;
      const backend = await startBackend(knex, entities, {
        shards: 4,
        onCatalogRead: () => {
          catalogReads += 1;
        },
      });
      const requestsOf = (path: string) =>
        server.requests.filter(r => r === path).length;
      try {
        // every target scraped in at least three cycles
        await waitUntil(async () => paths.every(p => requestsOf(p) >= 3));
        const tasks = (await knex('backstage_backend_tasks__tasks')
          .select('id')
          .orderBy('id')) as Array<{ id: string }>;
        expect(
          tasks.map(t => t.id).filter(id => id !== 'periskop-retention'),
        ).toEqual([
          'periskop-discovery',
          'periskop-scrape-1-of-4',
          'periskop-scrape-2-of-4',
          'periskop-scrape-3-of-4',
          'periskop-scrape-4-of-4',
        ]);
        const cycles = Math.min(...paths.map(requestsOf));
        // one discovery per cycle (give or take the one in flight), where
        // every shard discovering for itself read it four times per cycle
        expect(catalogReads).toBeGreaterThanOrEqual(1);
        expect(catalogReads).toBeLessThanOrEqual(
          Math.max(...paths.map(requestsOf)) + 2,
        );
        expect(catalogReads).toBeLessThan(4 * cycles);
      } finally {
        await backend.stop();
        await server.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'with shards, a discovery that adds targets has the shards scrape them at once, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await PayloadServer.start();
      const paths = [
        '/t0/-/exceptions',
        '/t1/-/exceptions',
        '/t2/-/exceptions',
      ];
      for (const path of paths) {
        server.set(path, { body: '{"aggregated_errors":[]}' });
      }
      // an hourly schedule, and a slow catalog: the shard tasks have their
      // first (empty) runs before discovery stored any target
      const backend = await startBackend(
        knex,
        paths.map((path, i) =>
          componentEntity(`new-${i}`, { targets: server.url(path) }),
        ),
        {
          shards: 2,
          frequencySeconds: 3600,
          onCatalogRead: () => new Promise(r => setTimeout(r, 1_500)),
        },
      );
      try {
        await waitUntil(
          async () =>
            (await knex('targets').whereNotNull('last_scrape_at')).length ===
            paths.length,
          20_000,
        );
        for (const path of paths) {
          expect(server.requests.filter(r => r === path)).toHaveLength(1);
        }
      } finally {
        await backend.stop();
        await server.stop();
      }
    },
  );

  const sharedDatabaseIds = databases
    .eachSupportedId()
    .filter(([id]) => id !== 'SQLITE_3');
  const describeShared = sharedDatabaseIds.length ? describe : describe.skip;

  describeShared('two backends on one database', () => {
    it.each(sharedDatabaseIds.length ? sharedDatabaseIds : [['none']])(
      'counts every occurrence exactly once on %p',
      async databaseId => {
        const knexA = await databases.init(databaseId as any);
        // a second, independent connection pool to the same database
        const knexB = knexFactory({
          ...knexA.client.config,
          pool: { min: 0, max: 5 },
        });
        const service = await startInstrumentedService();
        const entities = [componentEntity('api', { targets: service.url })];
        const backendA = await startBackend(knexA, entities);
        const backendB = await startBackend(knexB, entities);
        let reported = 0;
        try {
          const started = Date.now();
          while (Date.now() - started < 6_000) {
            service.collector.report(new Error(`tick`));
            reported += 1;
            await new Promise(r => setTimeout(r, 50));
          }
          await waitUntil(
            async () =>
              (await totalCount(knexA, 'component:default/api')) >= reported,
          );
          // a few more cycles must not add anything
          await new Promise(r => setTimeout(r, 3_000));
          expect(await totalCount(knexA, 'component:default/api')).toBe(
            reported,
          );
        } finally {
          await backendA.stop();
          await backendB.stop();
          await knexB.destroy();
          await service.stop();
        }
      },
    );
  });
});
