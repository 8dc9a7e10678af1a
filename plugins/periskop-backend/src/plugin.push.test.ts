import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  periskopErrorPushPermission,
  periskopPushKeyManagePermission,
} from '@periskop-backstage/plugin-periskop-common';
import {
  findClientFixturesDir,
  readClientFixture,
} from '@periskop-backstage/plugin-periskop-common/testUtils';
import {
  ErrorCollector,
  ErrorExporter,
  pushToGateway,
} from '@periskop-backstage/periskop-client';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { execFile, execFileSync } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { changingCatalogFactory } from './__testUtils__/changingCatalog';
import { componentEntity } from './__testUtils__/componentEntity';
import { createTestDatabases } from './__testUtils__/databases';
import { specRequest } from './__testUtils__/openApiResponses';
import { periskopPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const OWNER = 'user:default/owner';
const READER = 'user:default/reader';
const OUTSIDER = 'user:default/outsider';
const READ_ONLY_TOKEN = 'external:read-only';

/** A batch job: no targets, only its service name, so it pushes. */
function nightlyJob(): Entity {
  return componentEntity('nightly', { serviceName: 'nightly-report' });
}

/**
 * The policy of the example app, reduced: the owner may manage the push
 * key, the reader may only read, the outsider may not even read.
 */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    authorize: async (requests: any[], options: any) =>
      requests.map(req => {
        const user = options?.credentials?.principal?.userEntityRef;
        if (user === OUTSIDER) return { result: AuthorizeResult.DENY };
        // a token restricted to reading
        if (
          options?.credentials?.principal?.subject === READ_ONLY_TOKEN &&
          isPermission(req.permission, periskopErrorPushPermission)
        ) {
          return { result: AuthorizeResult.DENY };
        }
        if (
          isPermission(req.permission, periskopPushKeyManagePermission) &&
          user !== OWNER
        ) {
          return { result: AuthorizeResult.DENY };
        }
        return { result: AuthorizeResult.ALLOW };
      }),
    authorizeConditional: async (requests: any[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  }),
});

async function startBackend(
  knex: Knex,
  catalog: { entities: Entity[] },
  periskop: JsonObject = {},
) {
  const backend = await startTestBackend({
    features: [
      periskopPlugin,
      schedulerServiceFactory,
      permissionsFactory,
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      changingCatalogFactory(catalog),
      mockServices.rootConfig.factory({
        data: {
          periskop: {
            // nothing is scraped during the test
            schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
            ...periskop,
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return { backend, origin: `http://localhost:${port}` };
}

const KEY_PATH = '/api/periskop/entities/default/component/nightly/push-key';
const ERRORS_PATH = '/api/periskop/entities/default/component/nightly/errors';
const TARGETS_PATH = '/api/periskop/entities/default/component/nightly/targets';

/** POSTs like the clients do: raw bytes, with their content type or none. */
function postRaw(
  url: string,
  body: string | Buffer,
  contentType?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: contentType ? { 'Content-Type': contentType } : {},
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A Python with `requests`, as periskop-python pushes with it: the first of
 * `python3` (pyenv or the system's) and Debian's `/usr/bin/python3`
 * (`apt-get install python3-requests`) that can import it.
 */
function pythonWithRequests(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import requests'], { stdio: 'ignore' });
      return python;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** periskop-python's `ExceptionExporter.push_to_gateway`, line for line. */
const PYTHON_PUSH = `
import sys, requests
addr, payload_file = sys.argv[1], sys.argv[2]
with open(payload_file) as f:
    exported = f.read()
response = requests.post(addr + "/errors", exported)
print(response.status_code, response.request.headers.get("Content-Type"))
`;

async function totals(server: http.Server): Promise<Record<string, number>> {
  const res = await specRequest(server)
    .get(`${ERRORS_PATH}?status=all&limit=500`)
    .set('Authorization', mockCredentials.user.header(READER));
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.items.map((item: any) => [item.aggregationKey, item.totalCount]),
  );
}

async function createKey(server: http.Server) {
  const res = await specRequest(server)
    .post(KEY_PATH)
    .set('Authorization', mockCredentials.user.header(OWNER));
  expect(res.status).toBe(201);
  return res.body as { key: string; pushUrl: string; hint: string };
}

describe('periskop backend plugin: push', () => {
  it.each(databases.eachSupportedId())(
    'takes pushes of our Node client at the push URL, counts them like scrapes, and rotates and revokes keys, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { backend } = await startBackend(knex, {
        entities: [nightlyJob()],
      });
      const server = backend.server;
      try {
        const before = await specRequest(server)
          .get(KEY_PATH)
          .set('Authorization', mockCredentials.user.header(READER));
        expect(before.body).toEqual({
          exists: false,
          createdAt: null,
          createdBy: null,
          hint: null,
          lastUsedAt: null,
        });

        const created = await createKey(server);
        expect(created.key).toMatch(/^pskp_[A-Za-z0-9_-]{43}$/);
        expect(created.pushUrl).toMatch(
          new RegExp(`/api/periskop/push/${created.key}$`),
        );
        expect(created.hint).toBe(created.key.slice(-4));
        // the key is never stored or shown again, only its hash
        const [row] = await knex('push_keys');
        expect(JSON.stringify(row)).not.toContain(created.key);
        const status = await specRequest(server)
          .get(KEY_PATH)
          .set('Authorization', mockCredentials.user.header(READER));
        expect(status.body).toMatchObject({
          exists: true,
          createdBy: OWNER,
          hint: created.hint,
        });
        expect(JSON.stringify(status.body)).not.toContain(created.key);

        // one run of a job
        const run1 = new ErrorCollector();
        for (let i = 0; i < 3; i += 1) {
          run1.report(new RangeError('quota exceeded'), {
            aggregationKey: 'quota',
          });
        }
        await pushToGateway(new ErrorExporter(run1), created.pushUrl);
        expect(await totals(server)).toEqual({ quota: 3 });
        // the same state pushed again counts nothing
        await pushToGateway(new ErrorExporter(run1), created.pushUrl);
        expect(await totals(server)).toEqual({ quota: 3 });
        // more errors in the same run: only the new ones
        run1.report(new RangeError('quota exceeded'), {
          aggregationKey: 'quota',
        });
        await pushToGateway(new ErrorExporter(run1), created.pushUrl);
        expect(await totals(server)).toEqual({ quota: 4 });
        // the next run, a new collector: all of its errors count
        const run2 = new ErrorCollector();
        run2.report(new RangeError('quota exceeded'), {
          aggregationKey: 'quota',
        });
        await pushToGateway(new ErrorExporter(run2), `${created.pushUrl}/`);
        expect(await totals(server)).toEqual({ quota: 5 });

        const targets = await specRequest(server)
          .get(TARGETS_PATH)
          .set('Authorization', mockCredentials.user.header(READER));
        expect(targets.body.totalItems).toBe(2);
        expect(targets.body.items).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              origin: 'push',
              instance: run1.targetUuid,
              url: `push:${run1.targetUuid}`,
              up: true,
              errorKeys: 1,
              lastError: null,
            }),
            expect.objectContaining({
              origin: 'push',
              instance: run2.targetUuid,
            }),
          ]),
        );
        const used = await specRequest(server)
          .get(KEY_PATH)
          .set('Authorization', mockCredentials.user.header(READER));
        expect(used.body.lastUsedAt).not.toBeNull();

        // rotation: the old key stops working at once
        const rotated = await createKey(server);
        expect(rotated.key).not.toBe(created.key);
        const old = await postRaw(
          `${created.pushUrl}/errors`,
          new ErrorExporter(run2).export(),
          'application/json',
        );
        expect(old.status).toBe(404);
        await pushToGateway(new ErrorExporter(run2), rotated.pushUrl);

        // revoked: gone
        const revoke = await specRequest(server)
          .delete(KEY_PATH)
          .set('Authorization', mockCredentials.user.header(OWNER));
        expect(revoke.status).toBe(204);
        const afterRevoke = await postRaw(
          `${rotated.pushUrl}/errors`,
          new ErrorExporter(run2).export(),
        );
        expect(afterRevoke.status).toBe(404);
        expect(await totals(server)).toEqual({ quota: 5 });
      } finally {
        await backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'counts the payloads the Go, Python and Ruby clients push, with their content types, exactly, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { backend } = await startBackend(knex, {
        entities: [nightlyJob()],
      });
      try {
        const { pushUrl } = await createKey(backend.server);
        // Go: http.Post(addr+"/errors", "application/json", …), also with
        // an addr that ends with a slash
        for (const [file, addr] of [
          ['go/01-initial.json', pushUrl],
          ['go/02-after-5-more.json', `${pushUrl}/`],
          ['go/03-after-restart-2-more.json', pushUrl],
        ]) {
          const res = await postRaw(
            `${addr}/errors`,
            readClientFixture(file),
            'application/json',
          );
          expect(res.status).toBe(200);
        }
        // Python: requests.post(addr + "/errors", data) with no content type
        for (const file of [
          'python/01-initial.json',
          'python/02-after-6-more.json',
          'python/03-after-restart-1-more.json',
        ]) {
          const res = await postRaw(
            `${pushUrl}/errors`,
            Buffer.from(readClientFixture(file)),
          );
          expect(res.status).toBe(200);
        }
        // Scala (the JDK's default) and Ruby: form-encoded, twice
        for (let i = 0; i < 2; i += 1) {
          const res = await postRaw(
            `${pushUrl}/errors`,
            readClientFixture('ruby/01-initial.json'),
            'application/x-www-form-urlencoded',
          );
          expect(res.status).toBe(200);
        }

        const counted = await totals(backend.server);
        expect(counted['*json.SyntaxError@e05c331d']).toBe(18);
        expect(counted['*errors.errorString@29ef46ad']).toBe(3);
        expect(counted['JSONDecodeError@876ba4a6']).toBe(18);
        expect(counted['ValueError@50aeab06']).toBe(4);
        // redacted at ingest, as for a scrape
        const stored = JSON.stringify(await knex('sample_contents'));
        expect(stored).toContain('[REDACTED]');
        expect(stored).not.toMatch(/Bearer [A-Za-z0-9]/);
      } finally {
        await backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses what must be refused, saying nothing about other entities, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const catalog = {
        entities: [nightlyJob(), componentEntity('plain')],
      };
      const { backend, origin } = await startBackend(knex, catalog, {
        scrape: { maxBodyBytes: 200_000 },
        push: { maxPushesPerMinute: 3 },
      });
      const server = backend.server;
      try {
        const { pushUrl, key } = await createKey(server);
        const payload = readClientFixture('go/01-initial.json');

        // malformed, unknown: the same 404
        const malformed = await postRaw(
          `${origin}/api/periskop/push/nope/errors`,
          payload,
        );
        const unknown = await postRaw(
          `${origin}/api/periskop/push/pskp_${'A'.repeat(43)}/errors`,
          payload,
        );
        expect(malformed.status).toBe(404);
        expect(unknown.status).toBe(404);
        expect(JSON.parse(malformed.body).error.message).toBe(
          JSON.parse(unknown.body).error.message,
        );

        // not a payload: 400 with the reason; too large: 413
        const notJson = await postRaw(`${pushUrl}/errors`, '<html>');
        expect(notJson.status).toBe(400);
        expect(JSON.parse(notJson.body).error.message).toMatch(
          /^Not a Periskop payload: /,
        );
        const tooLarge = await postRaw(
          `${pushUrl}/errors`,
          'x'.repeat(300_000),
        );
        expect(tooLarge.status).toBe(413);

        // the third push of the minute passes, the fourth is refused
        expect((await postRaw(`${pushUrl}/errors`, payload)).status).toBe(200);
        const limited = await postRaw(`${pushUrl}/errors`, payload);
        expect(limited.status).toBe(429);

        // only owners manage keys; who may not read sees no entity
        const byReader = await specRequest(server)
          .post(KEY_PATH)
          .set('Authorization', mockCredentials.user.header(READER));
        expect(byReader.status).toBe(403);
        const byOutsider = await specRequest(server)
          .post(KEY_PATH)
          .set('Authorization', mockCredentials.user.header(OUTSIDER));
        expect(byOutsider.status).toBe(404);
        expect(
          (
            await specRequest(server)
              .get(KEY_PATH)
              .set('Authorization', mockCredentials.user.header(OUTSIDER))
          ).status,
        ).toBe(404);
        // an entity without a Periskop annotation gets no key, and is told why
        expect(
          (
            await specRequest(server)
              .post('/api/periskop/entities/default/component/plain/push-key')
              .set('Authorization', mockCredentials.user.header(OWNER))
          ).status,
        ).toBe(409);

        // the token route: services only
        const tokenPath =
          '/api/periskop/entities/default/component/nightly/push/errors';
        expect(
          (await request(server).post(tokenPath).send(payload)).status,
        ).toBe(401);
        expect(
          (
            await request(server)
              .post(tokenPath)
              .set('Authorization', mockCredentials.user.header(OWNER))
              .send(payload)
          ).status,
        ).toBe(403);
        expect(
          (
            await request(server)
              .post(tokenPath)
              .set(
                'Authorization',
                mockCredentials.service.header({
                  onBehalfOf: mockCredentials.service(READ_ONLY_TOKEN),
                  targetPluginId: 'periskop',
                }),
              )
              .send(payload)
          ).status,
        ).toBe(403);
        const byService = await request(server)
          .post(tokenPath)
          .set('Authorization', mockCredentials.service.header())
          .set('Content-Type', 'application/json')
          .send(readClientFixture('python/01-initial.json'));
        expect(byService.status).toBe(200);
        expect(byService.body).toMatchObject({ errorKeys: 3, warnings: 0 });
        expect(
          (
            await request(server)
              .post(
                '/api/periskop/entities/default/component/plain/push/errors',
              )
              .set('Authorization', mockCredentials.service.header())
              .send(payload)
          ).status,
        ).toBe(404);

        // the entity leaves the catalog: its key no longer works
        catalog.entities = [componentEntity('plain')];
        const gone = await postRaw(`${pushUrl}/errors`, payload);
        expect(gone.status).toBe(404);
        expect(key).toBeTruthy();
      } finally {
        await backend.stop();
      }
    },
  );

  const python = pythonWithRequests();
  if (!python && process.env.PERISKOP_TEST_REQUIRE_PYTHON === '1') {
    throw new Error(
      'python3 with requests is required here (apt-get install python3-requests)',
    );
  }
  const describeWithPython = python ? describe : describe.skip;
  describeWithPython('with Python requests', () => {
    it('takes the push of Python requests exactly as periskop-python sends it (no content type)', async () => {
      const knex = await databases.init('SQLITE_3');
      const { backend } = await startBackend(knex, {
        entities: [nightlyJob()],
      });
      try {
        const { pushUrl } = await createKey(backend.server);
        for (const file of [
          'python/01-initial.json',
          'python/02-after-6-more.json',
          'python/03-after-restart-1-more.json',
        ]) {
          const output = await new Promise<string>((resolve, reject) =>
            execFile(
              python!,
              [
                '-c',
                PYTHON_PUSH,
                pushUrl,
                `${findClientFixturesDir()}/${file}`,
              ],
              (error, stdout) => (error ? reject(error) : resolve(stdout)),
            ),
          );
          // requests sends a str body without a Content-Type
          expect(output.trim()).toBe('200 None');
        }
        const counted = await totals(backend.server);
        expect(counted['JSONDecodeError@876ba4a6']).toBe(18);
        expect(counted['ValueError@50aeab06']).toBe(4);
      } finally {
        await backend.stop();
      }
    });
  });
});
