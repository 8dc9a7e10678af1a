import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MAX_SEARCH_LENGTH } from '@periskop-backstage/plugin-periskop-common';
import { Knex } from 'knex';
import request from 'supertest';
import { componentEntity } from '../__testUtils__/componentEntity';
import { createTestDatabases } from '../__testUtils__/databases';
import { specRequest } from '../__testUtils__/openApiResponses';
import {
  applySeed,
  errorOf,
  SeedGroup,
  seedPayload,
} from '../__testUtils__/seedPayloads';
import { startPeriskopBackend } from '../__testUtils__/startPeriskopBackend';
import { createTestStore } from '../__testUtils__/testStore';
import { spec } from '../schema/openapi';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const API = 'component:default/api';
const PAYMENTS = 'component:default/payments';
const SECRET = 'component:default/secret';
const ALICE = 'user:default/alice';

function entity(name: string, owner: string, title?: string) {
  return componentEntity(name, {
    owner,
    title,
    targets: `http://127.0.0.1:1/${name}`,
  });
}

/** An entity that pushes: only its service name, no targets. */
function nightlyJob() {
  const job = componentEntity('nightly', { owner: 'team-b' });
  job.metadata.annotations = { 'periskop.io/service-name': 'nightly-job' };
  return job;
}

/** The seeded groups of the API entity, newest first by last seen. */
function apiGroups(now: number): SeedGroup[] {
  return [
    {
      key: 'TokenExpiredError@aaaa0001',
      count: 5,
      at: now - 1 * HOUR,
      error: errorOf('TokenExpiredError', 'token expired for session', [
        'at verifyToken (/srv/auth.ts:10:3)',
      ]),
      httpContext: {
        requestMethod: 'POST',
        requestUrl: 'http://api.example.com/v1/login?next=/home',
        requestHeaders: {
          Authorization: 'Bearer sekret',
          'X-Trace': 'needle-in-header',
        },
        requestBody: 'needle-in-body',
      },
    },
    {
      key: 'PaymentDeclinedError@aaaa0002',
      count: 50,
      at: now - 2 * HOUR,
      error: errorOf(
        'PaymentDeclinedError',
        'card declined',
        [
          'at charge (/srv/payments.ts:42:5)',
          'at handler (/srv/router.ts:7:1)',
        ],
        errorOf('CardNetworkError', 'network said gateway-timeout-xyz', [
          'at network (/srv/net.ts:1:1)',
        ]),
      ),
    },
    {
      key: 'ValidationError@aaaa0003',
      count: 2,
      severity: 'warning',
      at: now - 3 * HOUR,
      error: errorOf('ValidationError', 'field email invalid', [
        'at validateOnlyInStack (/srv/validate.ts:3:9)',
      ]),
    },
    {
      key: 'SigningKeyRotated@aaaa0004',
      count: 1,
      severity: 'info',
      at: now - 30 * HOUR,
      error: errorOf('SigningKeyRotated', 'rotated signing key'),
    },
    {
      key: 'WildcardError@aaaa0005',
      count: 7,
      at: now - 4 * HOUR,
      error: errorOf('WildcardError', '100% of requests_failed'),
    },
  ];
}

async function setUp(databaseId: TestDatabaseId) {
  const knex: Knex = await databases.init(databaseId);
  const store = await createTestStore({
    database: mockServices.database({ knex }),
  });
  const now = Date.now();
  await applySeed(store, {
    entityRef: API,
    payload: seedPayload('api-1', apiGroups(now)),
    now,
  });
  await applySeed(store, {
    entityRef: PAYMENTS,
    payload: seedPayload('pay-1', [
      {
        key: 'PaymentDeclinedError@bbbb0001',
        count: 3,
        at: now - HOUR,
        error: errorOf('PaymentDeclinedError', 'card declined'),
      },
    ]),
    now,
  });
  await applySeed(store, {
    entityRef: SECRET,
    payload: seedPayload('secret-1', [
      {
        key: 'SecretError@cccc0001',
        count: 1,
        at: now - HOUR,
        error: errorOf('SecretError', 'classified'),
      },
    ]),
    now,
  });

  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(r => {
        const resolving = r.permission.name === 'periskop.error.resolve';
        const denied =
          r.resourceRef === SECRET || (resolving && r.resourceRef === PAYMENTS);
        return {
          result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        };
      }),
  });

  const server = await startPeriskopBackend({
    knex,
    features: [
      permissions.factory,
      catalogServiceMock.factory({
        entities: [
          entity('api', 'team-a', 'Auth API'),
          entity('payments', 'team-b'),
          entity('secret', 'team-a'),
          entity('quiet', 'team-b', 'Quiet service'),
          nightlyJob(),
          componentEntity('unmonitored', { owner: 'team-b' }),
        ],
      }),
    ],
  });

  // every answer is checked against the OpenAPI spec
  const api = specRequest(server);
  const get = (path: string) =>
    api
      .get(`/api/periskop${path}`)
      .set('authorization', mockCredentials.user.header(ALICE));
  const post = (path: string) =>
    api
      .post(`/api/periskop${path}`)
      .set('authorization', mockCredentials.user.header(ALICE));
  const keys = (body: any) => body.items.map((g: any) => g.aggregationKey);
  const idOf = async (key: string) => {
    const res = await get(
      '/entities/default/component/api/errors?status=all&limit=100',
    );
    return res.body.items.find((g: any) => g.aggregationKey === key)
      .id as string;
  };
  return { knex, store, server, api, get, post, keys, idOf, now };
}

describe.each(databases.eachSupportedId())('the HTTP API on %p', databaseId => {
  let ctx: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    ctx = await setUp(databaseId);
  });

  it('lists open errors of an entity, newest first, with totals and severity counts', async () => {
    const res = await ctx.get('/entities/default/component/api/errors');
    expect(res.status).toBe(200);
    expect(ctx.keys(res.body)).toEqual([
      'TokenExpiredError@aaaa0001',
      'PaymentDeclinedError@aaaa0002',
      'ValidationError@aaaa0003',
      'WildcardError@aaaa0005',
      'SigningKeyRotated@aaaa0004',
    ]);
    expect(res.body.totalItems).toBe(5);
    expect(res.body.severityCounts).toEqual({ error: 3, warning: 1, info: 1 });
    expect(res.body.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      entityRef: API,
      aggregationKey: 'TokenExpiredError@aaaa0001',
      class: 'TokenExpiredError',
      message: 'token expired for session',
      severity: 'error',
      status: 'open',
      regressed: false,
      regressedAt: null,
      totalCount: 5,
      firstSeen: new Date(ctx.now - HOUR).toISOString(),
      lastSeen: new Date(ctx.now - HOUR).toISOString(),
      resolvedAt: null,
      resolvedBy: null,
    });
  });

  it.each([
    ['token', ['TokenExpiredError@aaaa0001']],
    ['TOKEN Expired', ['TokenExpiredError@aaaa0001']],
    ['/v1/login', ['TokenExpiredError@aaaa0001']],
    ['validateOnlyInStack', ['ValidationError@aaaa0003']],
    ['gateway-timeout-xyz', ['PaymentDeclinedError@aaaa0002']],
    ['payments.ts:42', ['PaymentDeclinedError@aaaa0002']],
    ['card declined', ['PaymentDeclinedError@aaaa0002']],
    ['card token', []],
    ['needle-in-header', []],
    ['needle-in-body', []],
    ['sekret', []],
    ['100%', ['WildcardError@aaaa0005']],
    ['requests_failed', ['WildcardError@aaaa0005']],
    ['%', ['WildcardError@aaaa0005']],
    ['_', ['WildcardError@aaaa0005']],
  ])('searches %p', async (query, expected) => {
    const res = await ctx.get(
      `/entities/default/component/api/errors?query=${encodeURIComponent(
        query,
      )}`,
    );
    expect(res.status).toBe(200);
    expect(ctx.keys(res.body)).toEqual(expected);
    expect(res.body.totalItems).toBe(expected.length);
  });

  it('filters by several severities and keeps counts of the others', async () => {
    const res = await ctx.get(
      '/entities/default/component/api/errors?severity=warning&severity=info',
    );
    expect(ctx.keys(res.body)).toEqual([
      'ValidationError@aaaa0003',
      'SigningKeyRotated@aaaa0004',
    ]);
    expect(res.body.severityCounts).toEqual({ error: 3, warning: 1, info: 1 });
  });

  it('filters by a last-seen window', async () => {
    const from = new Date(ctx.now - 3.5 * HOUR).toISOString();
    const to = new Date(ctx.now - 1.5 * HOUR).toISOString();
    const res = await ctx.get(
      `/entities/default/component/api/errors?from=${from}&to=${to}`,
    );
    expect(ctx.keys(res.body)).toEqual([
      'PaymentDeclinedError@aaaa0002',
      'ValidationError@aaaa0003',
    ]);
  });

  it.each([
    [
      'totalCount',
      'desc',
      ['PaymentDeclinedError@aaaa0002', 'WildcardError@aaaa0005'],
    ],
    [
      'totalCount',
      'asc',
      ['SigningKeyRotated@aaaa0004', 'ValidationError@aaaa0003'],
    ],
    [
      'lastSeen',
      'asc',
      ['SigningKeyRotated@aaaa0004', 'WildcardError@aaaa0005'],
    ],
    [
      'firstSeen',
      'desc',
      ['TokenExpiredError@aaaa0001', 'PaymentDeclinedError@aaaa0002'],
    ],
  ])('sorts by %p %p', async (sort, order, firstTwo) => {
    const res = await ctx.get(
      `/entities/default/component/api/errors?sort=${sort}&order=${order}&limit=2`,
    );
    expect(ctx.keys(res.body)).toEqual(firstTwo);
    expect(res.body.totalItems).toBe(5);
  });

  it('pages through the list', async () => {
    const page = (offset: number) =>
      ctx.get(
        `/entities/default/component/api/errors?limit=2&offset=${offset}`,
      );
    const pages = await Promise.all([0, 2, 4, 6].map(page));
    expect(pages.map(p => p.body.items.length)).toEqual([2, 2, 1, 0]);
    expect(pages.every(p => p.body.totalItems === 5)).toBe(true);
    const all = pages.flatMap(p => ctx.keys(p.body));
    expect(new Set(all).size).toBe(5);
  });

  it('shows one error with samples, redacted headers and instances', async () => {
    const id = await ctx.idOf('TokenExpiredError@aaaa0001');
    const res = await ctx.get(`/errors/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      totalCount: 5,
      class: 'TokenExpiredError',
    });
    expect(res.body.samples).toHaveLength(1);
    expect(res.body.samples[0]).toMatchObject({
      instance: 'api-1',
      severity: 'error',
      error: {
        class: 'TokenExpiredError',
        stacktrace: ['at verifyToken (/srv/auth.ts:10:3)'],
      },
      httpContext: {
        requestMethod: 'POST',
        requestHeaders: {
          Authorization: '[REDACTED]',
          'X-Trace': 'needle-in-header',
        },
        requestBody: 'needle-in-body',
      },
    });
    expect(res.body.instances).toEqual([
      { instance: 'api-1', totalCount: 5, lastSeen: expect.any(String) },
    ]);

    const cause = await ctx.get(
      `/errors/${await ctx.idOf('PaymentDeclinedError@aaaa0002')}`,
    );
    expect(cause.body.samples[0].error.cause).toEqual({
      class: 'CardNetworkError',
      message: 'network said gateway-timeout-xyz',
      stacktrace: ['at network (/srv/net.ts:1:1)'],
      cause: null,
    });
  });

  it('returns zero-filled occurrences over time', async () => {
    const id = await ctx.idOf('PaymentDeclinedError@aaaa0002');
    const from = new Date(Math.floor(ctx.now / HOUR) * HOUR - 2 * HOUR);
    const to = new Date(from.getTime() + 3 * HOUR);
    const res = await ctx.get(
      `/errors/${id}/occurrences?from=${from.toISOString()}&to=${to.toISOString()}&step=3600`,
    );
    expect(res.status).toBe(200);
    expect(res.body.step).toBe(3600);
    expect(res.body.points).toEqual([
      { time: from.toISOString(), count: 0 },
      { time: new Date(from.getTime() + HOUR).toISOString(), count: 0 },
      { time: new Date(from.getTime() + 2 * HOUR).toISOString(), count: 50 },
    ]);
    const byDefault = await ctx.get(`/errors/${id}/occurrences`);
    expect(byDefault.body.points.length).toBeGreaterThan(10);
    expect(
      byDefault.body.points.reduce((s: number, p: any) => s + p.count, 0),
    ).toBe(50);
  });

  it('adds hourly sparklines of the last 24 hours when asked', async () => {
    const res = await ctx.get(
      '/entities/default/component/api/errors?sparkline=true&sort=totalCount&limit=2',
    );
    expect(res.status).toBe(200);
    const [top, second] = res.body.items;
    expect(top.aggregationKey).toBe('PaymentDeclinedError@aaaa0002');
    expect(top.sparkline).toHaveLength(24);
    // every occurrence was observed by the seeding scrape, in this hour
    expect(top.sparkline[23]).toBe(50);
    expect(top.sparkline.reduce((a: number, b: number) => a + b, 0)).toBe(50);
    expect(second.sparkline[23]).toBe(7);

    const plain = await ctx.get(
      '/entities/default/component/api/errors?limit=1',
    );
    expect(plain.body.items[0].sparkline).toBeUndefined();
  });

  it('tells clients the scrape interval, and that no signals come without the signals backend', async () => {
    const res = await ctx.api.get('/api/periskop/health');
    expect(res.body).toEqual({
      status: 'ok',
      scrapeIntervalSeconds: 86400,
      liveUpdates: false,
    });
  });

  it('resolves, stays resolved without occurrences, reopens as a regression', async () => {
    const id = await ctx.idOf('WildcardError@aaaa0005');
    const resolved = await ctx.post(`/errors/${id}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedBy: ALICE,
      resolvedAt: expect.any(String),
    });
    const again = await ctx.post(`/errors/${id}/resolve`);
    expect(again.body.resolvedAt).toBe(resolved.body.resolvedAt);

    const open = await ctx.get('/entities/default/component/api/errors');
    expect(ctx.keys(open.body)).not.toContain('WildcardError@aaaa0005');
    const onlyResolved = await ctx.get(
      '/entities/default/component/api/errors?status=resolved',
    );
    expect(ctx.keys(onlyResolved.body)).toEqual(['WildcardError@aaaa0005']);

    // scrapes with no new occurrence keep it resolved
    const later = Date.now();
    for (let i = 0; i < 3; i++) {
      await applySeed(ctx.store, {
        entityRef: API,
        payload: seedPayload('api-1', apiGroups(ctx.now)),
        now: later + i,
      });
    }
    expect((await ctx.get(`/errors/${id}`)).body.status).toBe('resolved');

    // a new occurrence reopens it as a regression
    const groups = apiGroups(ctx.now).map(g =>
      g.key === 'WildcardError@aaaa0005' ? { ...g, count: 8, at: later } : g,
    );
    await applySeed(ctx.store, {
      entityRef: API,
      payload: seedPayload('api-1', groups),
      now: later + 10,
    });
    const reopened = (await ctx.get(`/errors/${id}`)).body;
    expect(reopened).toMatchObject({
      status: 'open',
      regressed: true,
      regressedAt: expect.any(String),
      totalCount: 8,
    });

    const unresolved = await ctx
      .post(`/errors/${id}/resolve`)
      .then(() => ctx.post(`/errors/${id}/unresolve`));
    expect(unresolved.body).toMatchObject({
      status: 'open',
      regressed: false,
      resolvedAt: null,
      resolvedBy: null,
    });
  });

  it('lists the targets of an entity', async () => {
    const res = await ctx.get('/entities/default/component/api/targets');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], totalItems: 0 });
  });

  it('summarises an entity for the errors card, consistent with the list', async () => {
    const res = await ctx.get('/entities/default/component/api/summary?top=3');
    expect(res.status).toBe(200);
    const open = await ctx.get(
      '/entities/default/component/api/errors?status=open&limit=500',
    );
    expect(res.body.openErrors).toBe(open.body.totalItems);
    expect(res.body.regressedErrors).toBe(
      open.body.items.filter((g: any) => g.regressed).length,
    );
    expect(res.body).toMatchObject({ targetsUp: 0, targetsTotal: 0 });
    expect(res.body.top).toHaveLength(3);
    // the seed's counts all landed in this hour: the loudest comes first
    expect(res.body.top[0]).toMatchObject({
      aggregationKey: 'PaymentDeclinedError@aaaa0002',
      status: 'open',
    });
    const recent = res.body.top.map((g: any) =>
      g.sparkline.reduce((a: number, b: number) => a + b, 0),
    );
    expect(recent).toEqual([...recent].sort((a, b) => b - a));
    expect(res.body.top.every((g: any) => g.sparkline.length === 24)).toBe(
      true,
    );
  });

  it('checks the summary query and permission', async () => {
    const bad = await ctx.get('/entities/default/component/api/summary?top=x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid query parameter "top": must be a whole number',
    );
    expect(
      (await ctx.get('/entities/default/component/secret/summary')).status,
    ).toBe(404);
  });

  it('shows the overview of readable annotated entities only', async () => {
    const res = await ctx.get('/overview');
    expect(res.status).toBe(200);
    const rows = new Map(res.body.items.map((r: any) => [r.entityRef, r]));
    expect([...rows.keys()].sort()).toEqual([
      API,
      'component:default/nightly',
      PAYMENTS,
      'component:default/quiet',
    ]);
    expect(rows.get('component:default/nightly')).toMatchObject({
      pushOnly: true,
      targetsTotal: 0,
    });
    expect(rows.get(API)).toMatchObject({ pushOnly: false });
    expect(rows.get(API)).toMatchObject({
      title: 'Auth API',
      owner: 'group:default/team-a',
      openErrors: expect.any(Number),
      newErrors: expect.any(Number),
      targetsUp: 0,
      targetsTotal: 0,
    });
    expect(rows.get('component:default/quiet')).toMatchObject({
      openErrors: 0,
      occurrences: 0,
    });
    expect(res.body.items[0].entityRef).toBe(API); // most open errors first

    const byOwner = await ctx.get(
      '/overview?owner=team-b&sort=entityRef&order=asc',
    );
    expect(byOwner.body.items.map((r: any) => r.entityRef)).toEqual([
      'component:default/nightly',
      PAYMENTS,
      'component:default/quiet',
    ]);
    const byText = await ctx.get('/overview?query=quiet');
    expect(byText.body.items.map((r: any) => r.entityRef)).toEqual([
      'component:default/quiet',
    ]);
  });

  it('denies resolving where only reading is allowed', async () => {
    const list = await ctx.get('/entities/default/component/payments/errors');
    expect(list.status).toBe(200);
    const id = list.body.items[0].id;
    expect((await ctx.get(`/errors/${id}`)).status).toBe(200);
    const res = await ctx.post(`/errors/${id}/resolve`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `You may not resolve the errors of ${PAYMENTS}`,
    );
    expect((await ctx.post(`/errors/${id}/unresolve`)).status).toBe(403);
  });

  it('answers for an entity the caller may not read exactly as for one that does not exist', async () => {
    const [secret] = await ctx
      .knex('error_groups')
      .where({ entity_ref: SECRET });
    const missingId = 987654;
    const pairs: Array<['get' | 'post', string, string]> = [
      [
        'get',
        '/entities/default/component/secret/errors',
        '/entities/default/component/nope/errors',
      ],
      [
        'get',
        '/entities/default/component/secret/summary',
        '/entities/default/component/nope/summary',
      ],
      [
        'get',
        '/entities/default/component/secret/targets',
        '/entities/default/component/nope/targets',
      ],
      ['get', `/errors/${secret.id}`, `/errors/${missingId}`],
      [
        'get',
        `/errors/${secret.id}/occurrences`,
        `/errors/${missingId}/occurrences`,
      ],
      ['post', `/errors/${secret.id}/resolve`, `/errors/${missingId}/resolve`],
      [
        'post',
        `/errors/${secret.id}/unresolve`,
        `/errors/${missingId}/unresolve`,
      ],
    ];
    // what differs is only the ref or id the caller sent
    const sameAnswer = (body: any) =>
      JSON.stringify({ error: body.error, response: body.response })
        .replace(new RegExp(`\\b(${secret.id}|${missingId})\\b`, 'g'), '<id>')
        .replace(new RegExp(`${SECRET}|component:default/nope`, 'g'), '<ref>');
    for (const [method, forbidden, missing] of pairs) {
      const send = method === 'get' ? ctx.get : ctx.post;
      const denied = await send(forbidden);
      const absent = await send(missing);
      expect(`${forbidden} ${denied.status}`).toBe(`${forbidden} 404`);
      expect(`${missing} ${absent.status}`).toBe(`${missing} 404`);
      expect(sameAnswer(denied.body)).toBe(sameAnswer(absent.body));
      expect(denied.body.error).toEqual({
        name: 'NotFoundError',
        message: forbidden.startsWith('/errors')
          ? `No error with id ${secret.id}`
          : `No entity ${SECRET}`,
      });
    }
    // the id of another entity's error never names that entity
    const byId = await ctx.get(`/errors/${secret.id}`);
    expect(JSON.stringify(byId.body)).not.toContain('secret');
    // nothing is resolved behind the 404
    const [after] = await ctx.knex('error_groups').where({ id: secret.id });
    expect(after.status).toBe(secret.status);
  });

  it.each([
    [
      '/entities/default/component/api/errors?limit=0',
      'Invalid query parameter "limit": must be at least 1',
    ],
    [
      '/entities/default/component/api/errors?limit=501',
      'Invalid query parameter "limit": must be at most 500',
    ],
    [
      '/entities/default/component/api/errors?limit=abc',
      'Invalid query parameter "limit": must be a whole number',
    ],
    [
      '/entities/default/component/api/errors?limit=1&limit=2',
      'Invalid query parameter "limit": must be given once',
    ],
    [
      '/entities/default/component/api/errors?offset=-1',
      'Invalid query parameter "offset": must be a whole number',
    ],
    [
      '/entities/default/component/api/errors?status=closed',
      'Invalid query parameter "status": must be one of "open", "resolved", "all"',
    ],
    [
      '/entities/default/component/api/errors?severity=fatal',
      'Invalid query parameter "severity": must be one of "error", "warning", "info"',
    ],
    [
      '/entities/default/component/api/errors?sort=name',
      'Invalid query parameter "sort": must be one of "lastSeen", "totalCount", "firstSeen"',
    ],
    [
      '/entities/default/component/api/errors?order=up',
      'Invalid query parameter "order": must be one of "asc", "desc"',
    ],
    [
      '/entities/default/component/api/errors?from=yesterday',
      'Invalid query parameter "from": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      '/entities/default/component/api/errors?from=2026-11-21T10:00:00Z&to=2026-11-21T09:00:00Z',
      'Invalid query parameter "from": must be before "to"',
    ],
    [
      '/entities/default/component/api/errors?query[a]=b',
      'Invalid query parameter "query": must be given once',
    ],
    [
      '/entities/default/component/api/errors?bogus=1',
      'Unknown query parameter "bogus"',
    ],
    [
      '/entities/default/component/api/targets?x=1',
      'Unknown query parameter "x"',
    ],
    [
      '/errors/abc',
      'Invalid path parameter "id": must be a positive whole number',
    ],
    [
      '/errors/0',
      'Invalid path parameter "id": must be a positive whole number',
    ],
    [
      '/errors/1/occurrences?step=10',
      'Invalid query parameter "step": must be at least 60',
    ],
    [
      '/errors/1/occurrences?step=60&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'Invalid query parameter "step": gives more than 10000 points for this window; use a larger step',
    ],
    [
      '/overview?sort=colour',
      'Invalid query parameter "sort": must be one of "entityRef", "title", "owner", "openErrors", "newErrors", "regressedErrors", "occurrences", "targetsUp"',
    ],
    ['/overview?owner=', 'Invalid query parameter "owner": must not be empty'],
    [
      '/overview?owner=group:',
      'Invalid query parameter "owner": must be an entity ref such as group:default/name',
    ],
    [
      '/overview?owner=team-a&owner=group:default/',
      'Invalid query parameter "owner": must be an entity ref such as group:default/name',
    ],
    [
      '/overview?owner[x]=a',
      'Invalid query parameter "owner": must be a list of values',
    ],
    [
      '/overview?from=2026-11-21',
      'Invalid query parameter "from": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      '/overview?to=x',
      'Invalid query parameter "to": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      '/overview?from=2999-01-01T00:00:00Z',
      'Invalid query parameter "from": must be before "to"',
    ],
    [
      '/overview?order=desc&order=asc',
      'Invalid query parameter "order": must be given once',
    ],
    [
      '/overview?query=a&query=b',
      'Invalid query parameter "query": must be given once',
    ],
    [
      `/overview?query=${'x'.repeat(1001)}`,
      `Invalid query parameter "query": must be at most ${MAX_SEARCH_LENGTH} characters`,
    ],
    ['/overview?page=2', 'Unknown query parameter "page"'],
    [
      '/entities/default/component/api/errors?to=never',
      'Invalid query parameter "to": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      '/entities/default/component/api/errors?sparkline=yes',
      'Invalid query parameter "sparkline": must be one of "true", "false"',
    ],
    [
      '/entities/default/component/api/errors?offset=1000001',
      'Invalid query parameter "offset": must be at most 1000000',
    ],
    [
      '/entities/default/component/api/errors?limit=99999999999999999999',
      'Invalid query parameter "limit": must be at most 500',
    ],
    [
      '/entities/default/component/api/errors?severity[a]=error',
      'Invalid query parameter "severity": must be a list of values',
    ],
    [
      '/entities/default/component/api/errors?severity=error&severity=fatal',
      'Invalid query parameter "severity": must be one of "error", "warning", "info"',
    ],
    [
      '/entities/default/component/api/errors?a=1&b=2',
      'Unknown query parameters "a", "b"',
    ],
    [
      '/entities/default/component/api/summary?top=-1',
      'Invalid query parameter "top": must be a whole number',
    ],
    [
      '/entities/default/component/api/summary?top=1&top=2',
      'Invalid query parameter "top": must be given once',
    ],
    [
      '/entities/default/component/api/summary?window=1',
      'Unknown query parameter "window"',
    ],
    [
      '/entities/default/component/a%3Ab/errors',
      'Invalid path parameter "name": must not contain ":" or "/"',
    ],
    [
      '/entities/default/component%2Fx/api/targets',
      'Invalid path parameter "kind": must not contain ":" or "/"',
    ],
    ['/errors/1?x=1', 'Unknown query parameter "x"'],
    [
      '/errors/1/occurrences?from=nope',
      'Invalid query parameter "from": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      '/errors/1/occurrences?to=nope',
      'Invalid query parameter "to": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      '/errors/1/occurrences?step=1.5',
      'Invalid query parameter "step": must be a whole number',
    ],
    [
      '/errors/1/occurrences?step=2678401',
      'Invalid query parameter "step": must be at most 2678400',
    ],
    ['/errors/1/occurrences?window=1', 'Unknown query parameter "window"'],
    [
      '/errors/1234567890123456',
      'Invalid path parameter "id": must be a positive whole number',
    ],
  ])('answers 400 for %s', async (path, message) => {
    const res = await ctx.get(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'InputError', message });
  });

  it.each([
    ['/errors/1/resolve?x=1', 'Unknown query parameter "x"'],
    ['/errors/1/unresolve?x=1', 'Unknown query parameter "x"'],
    [
      '/errors/x/resolve',
      'Invalid path parameter "id": must be a positive whole number',
    ],
  ])('answers 400 for POST %s', async (path, message) => {
    const res = await ctx.post(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'InputError', message });
  });

  it('answers 404 for unknown errors', async () => {
    for (const res of [
      await ctx.get('/errors/987654'),
      await ctx.get('/errors/987654/occurrences'),
      await ctx.post('/errors/987654/resolve'),
      await ctx.post('/errors/987654/unresolve'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('No error with id 987654');
    }
  });

  it('serves its OpenAPI spec at /openapi.json, with the paths under its base path', async () => {
    // the spec itself is not an operation of the spec: plain supertest
    const res = await request(ctx.server)
      .get('/api/periskop/openapi.json')
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.body.info).toEqual(spec.info);
    expect(res.body.components).toEqual(spec.components);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      Object.keys(spec.paths)
        .map(path => `/api/periskop${path}`)
        .sort(),
    );
    // like every route of a Backstage plugin but /health: a token is needed
    const anonymous = await request(ctx.server)
      .get('/api/periskop/openapi.json')
      .set('authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('answers 401 without credentials on every route', async () => {
    const none = mockCredentials.none.header();
    const { api } = ctx;
    for (const [method, path] of [
      ['get', '/entities/default/component/api/errors'],
      ['get', '/entities/default/component/api/targets'],
      ['get', '/entities/default/component/api/summary'],
      ['get', '/errors/1'],
      ['get', '/errors/1/occurrences'],
      ['post', '/errors/1/resolve'],
      ['post', '/errors/1/unresolve'],
      ['get', '/overview'],
      ['get', '/errors'],
      ['get', '/entities/default/component/api/push-key'],
      ['post', '/entities/default/component/api/push-key'],
      ['delete', '/entities/default/component/api/push-key'],
    ] as const) {
      const res = await api[method](`/api/periskop${path}`).set(
        'authorization',
        none,
      );
      expect(`${path} ${res.status}`).toBe(`${path} 401`);
    }
    const health = await api
      .get('/api/periskop/health')
      .set('authorization', none);
    expect(health.status).toBe(200);
  });
});
