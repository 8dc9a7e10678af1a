import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ParsedPayload } from '@periskop-backstage/plugin-periskop-common';
import { Knex } from 'knex';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import request from 'supertest';
import { REDACTED } from '../../aggregation';
import {
  clientSequence,
  FIXTURES_RECORDED_AT,
  scrapeClientSequence,
  scrapePayload,
} from '../../__testUtils__/clientFixtureScrapes';
import { componentEntity } from '../../__testUtils__/componentEntity';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  applySeed,
  errorOf,
  seedPayload,
} from '../../__testUtils__/seedPayloads';
import { startPeriskopBackend } from '../../__testUtils__/startPeriskopBackend';
import { createTestStore } from '../../__testUtils__/testStore';
import { targetId } from '../../discovery/targetId';
import { MAX_COMPAT_SAMPLES } from './toPeriskopApi';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const ALICE = 'user:default/alice';
const CHECKOUT = 'component:default/checkout-go';
const INGEST = 'component:default/ingest-py';
const BATCH = 'component:default/nightly-batch';
const PAYMENTS = 'component:default/payments';
const WEB_A = 'component:default/web-a';
const WEB_B = 'component:default/web-b';
const SECRET = 'component:default/secret';
const TWIN = 'component:default/checkout-twin';
const GHOST = 'component:default/ghost';

/** Entities the permission policy hides (read denied). */
const UNREADABLE = [SECRET, TWIN];

const GO_URL = 'http://127.0.0.1:1/go/-/exceptions';
const PYTHON_URL = 'http://127.0.0.1:1/python/-/exceptions';
const PAYMENTS_URL = 'http://127.0.0.1:1/payments/-/exceptions';

function component(name: string, annotations: Record<string, string>): Entity {
  return componentEntity(name, { annotations });
}

const ENTITIES = [
  component('checkout-go', {
    'periskop.io/targets': GO_URL,
    'periskop.io/service-name': 'checkout',
  }),
  component('ingest-py', { 'periskop.io/targets': PYTHON_URL }),
  component('nightly-batch', { 'periskop.io/service-name': 'batch' }),
  component('payments', { 'periskop.io/targets': PAYMENTS_URL }),
  component('web-a', { 'periskop.io/service-name': 'web' }),
  component('web-b', { 'periskop.io/service-name': ' web ' }),
  component('secret', { 'periskop.io/targets': 'http://127.0.0.1:1/s' }),
  component('checkout-twin', { 'periskop.io/service-name': 'checkout' }),
  // not monitored: no Periskop annotation
  component('plain', {}),
];

/** One key of the batch job with `count` samples, one a minute up to `at`. */
function manySamples(count: number, at: number): ParsedPayload {
  return {
    targetUuid: 'batch-run-1',
    aggregates: [
      {
        aggregationKey: 'TimeoutError@ba7c4000',
        totalCount: count,
        severity: 'warning',
        createdAt: new Date(at - count * 60_000).toISOString(),
        samples: Array.from({ length: count }, (_, i) => {
          const time = at - i * 60_000;
          return {
            uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            timestamp: new Date(time).toISOString(),
            timestampMs: time,
            severity: 'warning' as const,
            error: errorOf('TimeoutError', `run ${i} timed out`),
            httpContext: null,
          };
        }),
      },
    ],
  };
}

/** Whole seconds of an RFC 3339 time of any precision. */
const seconds = (rfc3339: string) =>
  Math.floor(Date.parse(`${rfc3339.slice(0, 19)}Z`) / 1000);

/** Every distinct sample (by uuid) of `key` in a fixture sequence. */
function fixtureSamples(folder: string, key: string): Map<string, any> {
  const samples = new Map<string, any>();
  for (const payload of clientSequence(folder)) {
    for (const aggregate of payload.aggregated_errors) {
      if (aggregate.aggregation_key === key) {
        for (const sample of aggregate.latest_errors) {
          samples.set(sample.uuid, sample);
        }
      }
    }
  }
  return samples;
}

async function setUp(databaseId: TestDatabaseId) {
  const knex: Knex = await databases.init(databaseId);
  const store = await createTestStore({
    database: mockServices.database({ knex }),
    samplesPerError: 150,
  });
  const start = FIXTURES_RECORDED_AT + 60_000;
  await scrapeClientSequence(store, {
    entityRef: CHECKOUT,
    folder: 'go',
    serviceName: 'checkout',
    start,
  });
  await scrapeClientSequence(store, {
    entityRef: INGEST,
    folder: 'python',
    start,
  });
  const now = start + 10 * 60_000;
  await applySeed(store, {
    entityRef: BATCH,
    payload: manySamples(120, now - 60_000),
    now,
  });
  for (const entityRef of [PAYMENTS, WEB_A, SECRET, GHOST]) {
    await applySeed(store, {
      entityRef,
      payload: seedPayload(`${entityRef}-1`, [
        {
          key: 'PaymentDeclinedError@bbbb0001',
          count: 3,
          at: now - 60_000,
          error: errorOf('PaymentDeclinedError', 'card declined'),
        },
      ]),
      now,
    });
  }
  await store.syncTargets(
    [
      [CHECKOUT, GO_URL, 'checkout'],
      [INGEST, PYTHON_URL, undefined],
      [PAYMENTS, PAYMENTS_URL, undefined],
      [SECRET, 'http://127.0.0.1:1/s/-/exceptions', undefined],
    ].map(([entityRef, url, serviceName]) => ({
      id: targetId(entityRef!, url!),
      entityRef: entityRef!,
      url: url!,
      source: url!,
      ...(serviceName ? { serviceName } : {}),
    })),
    { now, entityRefs: [BATCH, WEB_A, WEB_B, TWIN, GHOST] },
  );

  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(r => {
        const resolving = r.permission.name === 'periskop.error.resolve';
        const denied =
          UNREADABLE.includes(r.resourceRef) ||
          (resolving && r.resourceRef === PAYMENTS);
        return {
          result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        };
      }),
  });
  const auditor = mockServices.auditor.mock({
    createEvent: async () => ({
      success: async () => {},
      fail: async () => {},
    }),
  });

  const server = await startPeriskopBackend({
    knex,
    features: [
      permissions.factory,
      auditor.factory,
      catalogServiceMock.factory({ entities: ENTITIES }),
    ],
  });

  const as = (header: string) => ({
    get: (path: string) =>
      request(server).get(`/api/periskop${path}`).set('authorization', header),
    del: (path: string) =>
      request(server)
        .delete(`/api/periskop${path}`)
        .set('authorization', header),
  });
  const alice = as(mockCredentials.user.header(ALICE));
  /** The groups of an entity as the plugin's own API shows them. */
  const groupsOf = async (entityRef: string) => {
    const [kind, rest] = entityRef.split(':');
    const [namespace, name] = rest.split('/');
    const res = await alice.get(
      `/entities/${namespace}/${kind}/${name}/errors?status=all&limit=500`,
    );
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  return { store, server, auditor, alice, as, groupsOf, now };
}

describe.each(databases.eachSupportedId())(
  'the Periskop-compatible API on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof setUp>>;

    beforeAll(async () => {
      ctx = await setUp(databaseId);
    });

    it('lists the services the caller may read, each name once', async () => {
      const res = await ctx.alice.get('/compat/services/');
      expect(res.status).toBe(200);
      expect(res.type).toBe('application/json');
      // not secret (unreadable), not ghost (not in the catalog), not plain
      // (no annotation); web twice in the catalog, once here
      expect(res.body).toEqual([
        'batch',
        'checkout',
        'ingest-py',
        'payments',
        'web',
      ]);
      expect((await ctx.alice.get('/compat/services')).body).toEqual(res.body);
    });

    it('answers the go sequence as Periskop would, with exact lifetime totals', async () => {
      const res = await ctx.alice.get('/compat/services/checkout/errors/');
      expect(res.status).toBe(200);
      expect(res.type).toBe('application/json');
      const byKey = new Map<string, any>(
        res.body.map((a: any) => [a.aggregation_key, a]),
      );
      expect(
        Object.fromEntries(
          [...byKey].map(([key, aggregate]) => [key, aggregate.total_count]),
        ),
      ).toEqual({
        '*json.SyntaxError@e05c331d': 18,
        '*errors.errorString@29ef46ad': 3,
        '*errors.errorString@93fdfbea': 3,
        '*errors.errorString@74d0c293': 1,
        '*errors.errorString@398ace69': 1,
        'payments/provider rejected #1': 1,
      });

      const syntax = byKey.get('*json.SyntaxError@e05c331d');
      expect(Object.keys(syntax).sort()).toEqual([
        'aggregation_key',
        'created_at',
        'latest_errors',
        'severity',
        'total_count',
      ]);
      expect(syntax.severity).toBe('error');
      expect(syntax.created_at).toBe(seconds('2026-11-21T19:21:20Z'));

      // every distinct sample of the three scrapes, newest first
      const expected = fixtureSamples('go', '*json.SyntaxError@e05c331d');
      expect(expected.size).toBeLessThanOrEqual(MAX_COMPAT_SAMPLES);
      const uuids = syntax.latest_errors.map((s: any) => s.uuid);
      expect(new Set(uuids)).toEqual(new Set(expected.keys()));
      expect(uuids).toHaveLength(expected.size);
      const times = syntax.latest_errors.map((s: any) => s.timestamp);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // the restarted process's samples are the newest
      expect(times[0]).toBe(seconds('2026-11-21T19:21:28Z'));
      for (const sample of syntax.latest_errors) {
        const source = expected.get(sample.uuid);
        expect(sample).toEqual({
          error: {
            class: source.error.class,
            message: source.error.message,
            stacktrace: source.error.stacktrace,
            cause: null,
          },
          uuid: source.uuid,
          timestamp: seconds(source.timestamp),
          severity: source.severity,
          http_context: null,
        });
        expect(Number.isInteger(sample.timestamp)).toBe(true);
      }

      // groups newest first, as the UI shows them before sorting
      const lastSeen = res.body.map((a: any) => a.latest_errors[0].timestamp);
      expect(lastSeen).toEqual([...lastSeen].sort((a, b) => b - a));
    });

    it('shows samples redacted at ingest, in Periskop field names', async () => {
      const res = await ctx.alice.get('/compat/services/checkout/errors/');
      const withRequest = res.body.find(
        (a: any) => a.aggregation_key === '*errors.errorString@29ef46ad',
      );
      const context = withRequest.latest_errors[0].http_context;
      expect(Object.keys(context).sort()).toEqual([
        'request_body',
        'request_headers',
        'request_method',
        'request_url',
      ]);
      expect(context.request_headers.Authorization).toBe(REDACTED);
      expect(context.request_headers.Cookie).toBe(REDACTED);
      expect(JSON.stringify(res.body)).not.toMatch(/Bearer [A-Za-z0-9]/);

      const python = await ctx.alice.get('/compat/services/ingest-py/errors/');
      expect(python.status).toBe(200);
      expect(
        Object.fromEntries(
          python.body.map((a: any) => [a.aggregation_key, a.total_count]),
        ),
      ).toEqual({
        'JSONDecodeError@876ba4a6': 18,
        'ValueError@50aeab06': 4,
        'KeyError@4ae5dfde': 2,
      });
      const valueError = python.body.find(
        (a: any) => a.aggregation_key === 'ValueError@50aeab06',
      );
      const body = valueError.latest_errors[0].http_context.request_body;
      expect(body).toContain(REDACTED);
      expect(JSON.stringify(python.body)).not.toContain('4111111111111111');
      expect(valueError.latest_errors[0].http_context.request_headers).toEqual(
        expect.objectContaining({ Authorization: REDACTED }),
      );
    });

    it('matches the totals of the plugin API', async () => {
      for (const [service, entityRef] of [
        ['checkout', CHECKOUT],
        ['ingest-py', INGEST],
        ['batch', BATCH],
      ]) {
        const compat = await ctx.alice.get(
          `/compat/services/${service}/errors/`,
        );
        const groups = await ctx.groupsOf(entityRef);
        expect(
          Object.fromEntries(
            compat.body.map((a: any) => [a.aggregation_key, a.total_count]),
          ),
        ).toEqual(
          Object.fromEntries(groups.map(g => [g.aggregationKey, g.totalCount])),
        );
      }
    });

    it(`shows at most the ${MAX_COMPAT_SAMPLES} newest samples`, async () => {
      const res = await ctx.alice.get('/compat/services/batch/errors/');
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(1);
      const [timeouts] = res.body;
      expect(timeouts.total_count).toBe(120);
      expect(timeouts.latest_errors).toHaveLength(MAX_COMPAT_SAMPLES);
      // samples i = 0 (newest) … 99, one a minute
      const newest = Math.floor((ctx.now - 60_000) / 1000);
      expect(timeouts.latest_errors.map((s: any) => s.timestamp)).toEqual(
        Array.from({ length: MAX_COMPAT_SAMPLES }, (_, i) => newest - i * 60),
      );
      expect(timeouts.latest_errors[0].error.message).toBe('run 0 timed out');
      expect(timeouts.severity).toBe('warning');
    });

    it('resolves keys sent raw or encoded, with "/" and "#", and hides them', async () => {
      const before = await ctx.groupsOf(CHECKOUT);
      // as the Periskop UI sends it: not encoded
      const raw = await ctx.alice.del(
        '/compat/services/checkout/errors/*json.SyntaxError@e05c331d/',
      );
      expect(raw.status).toBe(204);
      expect(raw.text).toBe('');
      // "/" as is, "#" encoded (the browser would cut it off as a fragment)
      const slash = await ctx.alice.del(
        '/compat/services/checkout/errors/payments/provider%20rejected%20%231/',
      );
      expect(slash.status).toBe(204);
      // encoded whole, as a script does
      const encoded = await ctx.alice.del(
        `/compat/services/checkout/errors/${encodeURIComponent(
          '*errors.errorString@398ace69',
        )}/`,
      );
      expect(encoded.status).toBe(204);

      const list = await ctx.alice.get('/compat/services/checkout/errors/');
      expect(list.body.map((a: any) => a.aggregation_key).sort()).toEqual([
        '*errors.errorString@29ef46ad',
        '*errors.errorString@74d0c293',
        '*errors.errorString@93fdfbea',
      ]);

      // resolved as the plugin's own resolve does, by the caller
      const after = await ctx.groupsOf(CHECKOUT);
      const resolved = after.filter(g => g.status === 'resolved');
      expect(resolved.map(g => g.aggregationKey).sort()).toEqual([
        '*errors.errorString@398ace69',
        '*json.SyntaxError@e05c331d',
        'payments/provider rejected #1',
      ]);
      expect(resolved.every(g => g.resolvedBy === ALICE)).toBe(true);
      expect(
        after.find(g => g.aggregationKey === '*json.SyntaxError@e05c331d'),
      ).toEqual(
        expect.objectContaining({
          totalCount: 18,
          id: before.find(
            g => g.aggregationKey === '*json.SyntaxError@e05c331d',
          ).id,
        }),
      );
      expect(ctx.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'error-resolve',
          meta: expect.objectContaining({
            entityRef: CHECKOUT,
            aggregationKey: 'payments/provider rejected #1',
          }),
        }),
      );

      // resolving again changes nothing and is still 204
      const again = await ctx.alice.del(
        '/compat/services/checkout/errors/*json.SyntaxError@e05c331d/',
      );
      expect(again.status).toBe(204);
    });

    it('lists a resolved error again only when it occurs again', async () => {
      const key = '*json.SyntaxError@e05c331d';
      const listed = async () =>
        (await ctx.alice.get('/compat/services/checkout/errors/')).body.find(
          (a: any) => a.aggregation_key === key,
        );
      // the restarted process still reports it: Periskop would reopen it
      const restarted = readClientFixture('go/03-after-restart-2-more.json');
      await scrapePayload(ctx.store, {
        entityRef: CHECKOUT,
        folder: 'go',
        body: restarted,
        now: ctx.now + 60_000,
      });
      expect(await listed()).toBeUndefined();

      // one more occurrence reopens it, as a regression
      const payload = JSON.parse(restarted);
      const aggregate = payload.aggregated_errors[0];
      expect(aggregate.aggregation_key).toBe(key);
      aggregate.total_count = 3;
      aggregate.latest_errors.push({
        ...aggregate.latest_errors[0],
        uuid: 'c0ffee00-0000-4000-8000-000000000001',
        timestamp: '2026-11-21T19:21:29.5Z',
      });
      await scrapePayload(ctx.store, {
        entityRef: CHECKOUT,
        folder: 'go',
        body: JSON.stringify(payload),
        now: ctx.now + 120_000,
      });
      const reopened = await listed();
      expect(reopened.total_count).toBe(19);
      expect(reopened.latest_errors[0]).toEqual(
        expect.objectContaining({
          uuid: 'c0ffee00-0000-4000-8000-000000000001',
          timestamp: seconds('2026-11-21T19:21:29Z'),
        }),
      );
      const group = (await ctx.groupsOf(CHECKOUT)).find(
        g => g.aggregationKey === key,
      );
      expect(group).toEqual(
        expect.objectContaining({ status: 'open', regressed: true }),
      );
    });

    it('answers 404 in text for an unknown key of a known service', async () => {
      const res = await ctx.alice.del(
        '/compat/services/ingest-py/errors/NoSuchError@00000000/',
      );
      expect(res.status).toBe(404);
      expect(res.type).toBe('text/plain');
      expect(res.text).toBe(
        'error NoSuchError@00000000 not found in service ingest-py',
      );
    });

    it.each([
      ['an unknown service', 'nope'],
      ['an unreadable entity', 'secret'],
      ['an entity not in the catalog', 'ghost'],
      ['an entity without the annotation', 'plain'],
    ])('answers %s as Periskop answers an unknown service', async (_, name) => {
      for (const res of [
        await ctx.alice.get(`/compat/services/${name}/errors/`),
        await ctx.alice.del(
          `/compat/services/${name}/errors/PaymentDeclinedError@bbbb0001/`,
        ),
      ]) {
        expect(res.status).toBe(404);
        expect(res.type).toBe('text/plain');
        expect(res.text).toBe(`service ${name} not found`);
      }
    });

    it('reports a service name carried by two entities instead of merging them', async () => {
      for (const res of [
        await ctx.alice.get('/compat/services/web/errors/'),
        await ctx.alice.del(
          '/compat/services/web/errors/PaymentDeclinedError@bbbb0001/',
        ),
      ]) {
        expect(res.status).toBe(409);
        expect(res.type).toBe('text/plain');
        expect(res.text).toBe(
          `service web is ambiguous: it is the service name of ${WEB_A}, ${WEB_B}; give each of them a distinct periskop.io/service-name annotation`,
        );
      }
      // nothing was resolved
      const groups = await ctx.groupsOf(WEB_A);
      expect(groups.map(g => g.status)).toEqual(['open']);
    });

    it('ignores a namesake the caller may not read', async () => {
      // checkout-twin also calls itself checkout, but alice cannot read it
      const res = await ctx.alice.get('/compat/services/checkout/errors/');
      expect(res.status).toBe(200);
    });

    it('refuses to resolve without the resolve permission', async () => {
      const res = await ctx.alice.del(
        '/compat/services/payments/errors/PaymentDeclinedError@bbbb0001/',
      );
      expect(res.status).toBe(403);
      expect(res.type).toBe('text/plain');
      expect(res.text).toBe(`You may not resolve the errors of ${PAYMENTS}`);
      expect((await ctx.groupsOf(PAYMENTS))[0].status).toBe('open');
    });

    it('lists the scraped endpoints per service, without colliding names', async () => {
      const res = await ctx.alice.get('/compat/targets/');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        batch: [],
        checkout: [{ endpoint: GO_URL }],
        'ingest-py': [{ endpoint: PYTHON_URL }],
        payments: [{ endpoint: PAYMENTS_URL }],
      });
    });

    it('serves service tokens like user tokens', async () => {
      const service = ctx.as(mockCredentials.service.header());
      expect((await service.get('/compat/services/')).body).toContain('batch');
      const res = await service.get('/compat/services/batch/errors/');
      expect(res.status).toBe(200);
      expect(res.body[0].total_count).toBe(120);
    });

    it('rejects bad paths with 400', async () => {
      const long = await ctx.alice.get(
        `/compat/services/${'s'.repeat(1025)}/errors/`,
      );
      expect(long.status).toBe(400);
      expect(long.text).toMatch(/"service": must be at most 1024 characters/);
      const cut = await ctx.alice.del(
        '/compat/services/checkout/errors/payments/provider%20rejected%20',
      );
      expect(cut.status).toBe(400);
      expect(cut.text).toMatch(/encode "#" as %23/);
    });

    it('answers 401 without credentials on every route', async () => {
      const none = ctx.as(mockCredentials.none.header());
      for (const res of [
        await none.get('/compat/services/'),
        await none.get('/compat/services/checkout/errors/'),
        await none.del('/compat/services/checkout/errors/x/'),
        await none.get('/compat/targets/'),
      ]) {
        expect(res.status).toBe(401);
      }
    });
  },
);
