import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createPeriskopRequestHandler,
  ErrorCollector,
  ErrorExporter,
} from '@periskop-backstage/periskop-client';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import knexFactory, { Knex } from 'knex';
import { componentEntity } from './__testUtils__/componentEntity';
import { createTestDatabases } from './__testUtils__/databases';
import { periskopPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** A service instrumented with periskop-client, on a loopback port. */
async function startInstrumentedService() {
  const collector = new ErrorCollector();
  const server = http.createServer(
    createPeriskopRequestHandler(new ErrorExporter(collector)),
  );
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/-/exceptions`;
  return {
    collector,
    url,
    stop: () => new Promise(r => server.close(r)),
  };
}

function startBackend(knex: Knex, entities: Entity[]) {
  return startTestBackend({
    features: [
      periskopPlugin,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          periskop: {
            schedule: {
              frequency: { seconds: 1 },
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

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 250));
  }
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
