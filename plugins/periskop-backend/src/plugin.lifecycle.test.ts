import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import request from 'supertest';
import { changingCatalogFactory } from './__testUtils__/changingCatalog';
import { componentEntity } from './__testUtils__/componentEntity';
import { createTestDatabases } from './__testUtils__/databases';
import { PayloadServer } from './__testUtils__/payloadServer';
import { periskopPlugin } from './plugin';
import { waitUntil } from './__testUtils__/waitUntil';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const API = 'component:default/api';

const PAYLOAD = JSON.stringify({
  service: 'api',
  target_uuid: 'pod-1',
  aggregated_errors: [
    {
      aggregation_key: 'RangeError@abc',
      total_count: 4,
      severity: 'error',
      latest_errors: [],
    },
  ],
});

/** A backend whose catalog answers with whatever `catalog.entities` holds at the time. */
async function startBackend(knex: Knex, catalog: { entities: Entity[] }) {
  return startTestBackend({
    features: [
      periskopPlugin,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      changingCatalogFactory(catalog),
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

describe('periskop backend plugin: entities that leave the catalog', () => {
  it.each(databases.eachSupportedId())(
    'hides the errors of an entity as soon as discovery no longer lists it, and shows them again, whole, when it is back, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await PayloadServer.start();
      server.set('/-/exceptions', { body: PAYLOAD });
      const api = componentEntity('api', {
        targets: server.url('/-/exceptions'),
      });
      const catalog = { entities: [api] };
      const backend = await startBackend(knex, catalog);
      const http = backend.server;
      const errorsPath = '/api/periskop/entities/default/component/api/errors';
      const isMissing = async () => {
        const [row] = await knex('entity_presence').where('entity_ref', API);
        return row !== undefined && row.missing_since !== null;
      };
      try {
        await waitUntil(
          async () => (await request(http).get(errorsPath)).body.totalItems > 0,
        );
        const listed = await request(http).get(errorsPath);
        expect(listed.body.items).toHaveLength(1);
        const id = listed.body.items[0].id;
        expect(
          (await request(http).get(`/api/periskop/errors/${id}`)).status,
        ).toBe(200);

        // the annotation is removed
        catalog.entities = [componentEntity('api')];
        await waitUntil(isMissing);
        expect((await request(http).get(errorsPath)).body).toMatchObject({
          items: [],
          totalItems: 0,
        });
        expect(
          (await request(http).get(`/api/periskop/errors/${id}`)).status,
        ).toBe(404);
        // kept for the grace period
        expect(
          Number(
            (await knex('error_groups').where('entity_ref', API))[0]
              .total_count,
          ),
        ).toBe(4);

        catalog.entities = [api];
        await waitUntil(async () => !(await isMissing()));
        const back = await request(http).get(errorsPath);
        expect(back.body.items).toHaveLength(1);
        expect(back.body.items[0]).toMatchObject({ id, totalCount: 4 });
      } finally {
        await backend.stop();
        await server.stop();
      }
    },
  );
});
