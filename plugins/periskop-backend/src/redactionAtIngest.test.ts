import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { componentEntity } from './__testUtils__/componentEntity';
import { createTestDatabases } from './__testUtils__/databases';
import { PayloadServer } from './__testUtils__/payloadServer';
import { periskopPlugin } from './plugin';
import { waitUntil } from './__testUtils__/waitUntil';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const CARD = '4111111111111111';
const BASIC_CREDENTIALS = 'dXNlcjpwYXNz';
const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const DB_PASSWORD = 'hunter2-db-password';
const API_KEY = 'ak-live-0123456789';
/** What must appear nowhere once the payloads below are ingested. */
const SECRETS = [CARD, BASIC_CREDENTIALS, JWT, DB_PASSWORD, API_KEY];

/**
 * A payload as periskop-go would serve it for errors whose keys carry the
 * message (`ErrKey` not used): secrets in the key, the message, the stack,
 * the URL and the body.
 */
const leakyPayload = JSON.stringify({
  aggregated_errors: [
    {
      aggregation_key: `charge failed for card ${CARD}`,
      total_count: 3,
      severity: 'error',
      latest_errors: [
        {
          error: {
            class: 'ChargeError',
            message: `charge failed for card ${CARD}`,
            stacktrace: [`main.charge(token=${JWT})`],
            cause: {
              class: 'DBError',
              message: `dial postgres://app:${DB_PASSWORD}@db:5432/shop`,
              stacktrace: [],
              cause: null,
            },
          },
          http_context: {
            request_method: 'POST',
            request_url: `https://shop.example.com/pay?api_key=${API_KEY}&id=7`,
            request_headers: { 'X-Upstream-Auth': `Bearer ${JWT}` },
            request_body: `{"card":{"number":"${CARD}"},"note":"ok"}`,
          },
          severity: 'error',
          uuid: 'aaaaaaaa-0000-4000-8000-000000000001',
          timestamp: '2026-11-21T19:21:20.815Z',
        },
      ],
    },
  ],
  target_uuid: 'bbbbbbbb-0000-4000-8000-000000000001',
});

/** Every row of every table, with byte columns as text. */
async function dumpDatabase(knex: Knex): Promise<string> {
  const client = knex.client.config.client as string;
  let tables: string[];
  if (client.includes('sqlite') || client.includes('better')) {
    const rows = await knex.raw(
      "select name from sqlite_master where type = 'table'",
    );
    tables = rows.map((r: any) => r.name);
  } else if (client.includes('pg')) {
    const rows = await knex('information_schema.tables')
      .where('table_schema', knex.raw('current_schema()'))
      .select('table_name');
    tables = rows.map((r: any) => r.table_name);
  } else {
    const rows = await knex('information_schema.tables')
      .where('table_schema', knex.raw('database()'))
      .select({ table_name: 'TABLE_NAME' });
    tables = rows.map((r: any) => r.table_name);
  }
  expect(tables).toEqual(
    expect.arrayContaining(['error_groups', 'samples', 'targets']),
  );
  const parts: string[] = [];
  for (const table of tables) {
    for (const row of await knex(table).select()) {
      for (const value of Object.values(row)) {
        parts.push(
          Buffer.isBuffer(value) ? value.toString('utf8') : String(value),
        );
      }
    }
  }
  return parts.join('\n');
}

describe('redaction at ingest', () => {
  it.each(databases.eachSupportedId())(
    'keeps the secrets of scraped payloads out of the database and the API on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await PayloadServer.start();
      server.set('/py/-/exceptions', {
        body: readClientFixture('python/01-initial.json'),
        contentType: 'application/json',
      });
      server.set('/go/-/exceptions', { body: leakyPayload });
      const backend = await startTestBackend({
        features: [
          periskopPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({
            entities: [
              componentEntity('shop', {
                targets: `${server.url('/py/-/exceptions')}, ${server.url(
                  '/go/-/exceptions',
                )}`,
              }),
            ],
          }),
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
      try {
        const total = async () =>
          (await knex('error_groups').select('total_count')).reduce(
            (sum, row) => sum + Number(row.total_count),
            0,
          );
        await waitUntil(async () => (await total()) >= 20);
        // the next scrape reads the samples again (more of them)
        server.set('/py/-/exceptions', {
          body: readClientFixture('python/02-after-6-more.json'),
          contentType: 'application/json',
        });
        await waitUntil(async () => (await total()) >= 26);
        expect(await total()).toBe(26);

        const dump = await dumpDatabase(knex);
        expect(dump).toContain('[REDACTED]');
        expect(dump).toContain('JSONDecodeError');
        for (const secret of SECRETS) {
          expect(dump).not.toContain(secret);
        }

        const get = async (path: string) => {
          const res = await request(backend.server)
            .get(`/api/periskop${path}`)
            .set('authorization', mockCredentials.user.header());
          expect(res.status).toBe(200);
          return res;
        };
        const list = await get(
          '/entities/default/component/shop/errors?status=all&limit=100',
        );
        expect(list.body.items.map((g: any) => g.aggregationKey)).toContain(
          'charge failed for card [REDACTED]',
        );
        const responses = [
          list.text,
          (await get('/entities/default/component/shop/targets')).text,
          (await get('/entities/default/component/shop/summary')).text,
          (await get('/overview')).text,
        ];
        for (const group of list.body.items) {
          responses.push((await get(`/errors/${group.id}`)).text);
        }
        const api = responses.join('\n');
        expect(api).toContain('{\\"card\\":\\"[REDACTED]\\"}');
        expect(api).toContain('postgres://[REDACTED]@db:5432/shop');
        for (const secret of SECRETS) {
          expect(api).not.toContain(secret);
        }
        // nor can it be found by searching for it
        const search = await get(
          `/entities/default/component/shop/errors?status=all&query=${CARD}`,
        );
        expect(search.body.items).toEqual([]);
      } finally {
        await backend.stop();
        await server.stop();
      }
    },
  );
});
