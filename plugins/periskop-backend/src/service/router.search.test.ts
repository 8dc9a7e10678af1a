import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
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

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const API = 'component:default/api';
const PAYMENTS = 'component:default/payments';
const SECRET = 'component:default/secret';
const NIGHTLY = 'component:default/nightly';
/** Has stored errors but is not in the catalog (any more). */
const GONE = 'component:default/gone';

/*
 * The callers, one per kind of policy decision for `periskop.error.read`:
 * everything, owners only (a condition the catalog can filter by), owners
 * except one entity (a negation, which only the permission framework can
 * apply, entity by entity), and nothing.
 */
const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice'; // of team-a
const CAROL = 'user:default/carol'; // anything but the secret entity
const MALLORY = 'user:default/mallory';
const TEAM_A = 'group:default/team-a';

/** The seeded groups, by entity; the newest first in each. */
function seeds(now: number): Array<[string, SeedGroup[]]> {
  return [
    [
      API,
      [
        {
          key: 'TokenExpiredError@api1',
          count: 5,
          at: now - 1 * HOUR,
          error: errorOf('TokenExpiredError', 'token expired for session', [
            'at verifyToken (/srv/auth.ts:10:3)',
          ]),
          httpContext: {
            requestMethod: 'POST',
            requestUrl: 'http://api.example.com/v1/login?next=/home',
            requestHeaders: {},
            requestBody: null,
          },
        },
        {
          key: 'PaymentDeclinedError@api2',
          count: 50,
          at: now - 3 * HOUR,
          error: errorOf('PaymentDeclinedError', 'card declined', [
            'at charge (/srv/payments.ts:42:5)',
          ]),
        },
        {
          key: 'ValidationError@api3',
          count: 2,
          severity: 'warning',
          at: now - 5 * HOUR,
          error: errorOf('ValidationError', 'field email invalid'),
        },
      ],
    ],
    [
      PAYMENTS,
      [
        {
          key: 'PaymentDeclinedError@pay1',
          count: 3,
          at: now - 2 * HOUR,
          error: errorOf('PaymentDeclinedError', 'card declined by issuer', [
            'at charge (/srv/payments.ts:42:5)',
          ]),
          httpContext: {
            requestMethod: 'POST',
            requestUrl: 'https://pay.example.com/v1/charge',
            requestHeaders: {},
            requestBody: null,
          },
        },
        {
          key: 'RetryingCharge@pay2',
          count: 9,
          severity: 'info',
          at: now - 6 * HOUR,
          error: errorOf('RetryingCharge', 'retrying the charge'),
        },
      ],
    ],
    [
      SECRET,
      [
        {
          key: 'PaymentDeclinedError@sec1',
          count: 1,
          severity: 'warning',
          at: now - 4 * HOUR,
          error: errorOf('PaymentDeclinedError', 'classified card declined', [
            'at charge (/srv/payments.ts:42:5)',
          ]),
        },
      ],
    ],
    [
      NIGHTLY,
      [
        {
          key: 'BatchFailed@job1',
          count: 1,
          at: now - 30 * HOUR,
          error: errorOf('BatchFailed', 'nightly export failed', [
            'at exportAll (/jobs/export.py:88)',
          ]),
        },
      ],
    ],
    [
      GONE,
      [
        {
          key: 'PaymentDeclinedError@gone1',
          count: 1,
          at: now - HOUR,
          error: errorOf('PaymentDeclinedError', 'card declined long ago'),
        },
      ],
    ],
  ];
}

/** The decision of `periskop.error.read` without a resource, per caller. */
function readDecision(user: string | undefined): PolicyDecision {
  const conditional = (conditions: any): PolicyDecision => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions,
  });
  const isOwner = {
    resourceType: 'catalog-entity',
    rule: 'IS_ENTITY_OWNER',
    params: { claims: [user, TEAM_A] },
  };
  switch (user) {
    case ADMIN:
      return { result: AuthorizeResult.ALLOW };
    case ALICE:
      return conditional(isOwner);
    case CAROL:
      return conditional({
        not: { resourceType: 'catalog-entity', rule: 'IS_SECRET' },
      });
    default:
      return { result: AuthorizeResult.DENY };
  }
}

async function setUp(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await createTestStore({
    database: mockServices.database({ knex }),
  });
  const now = Date.now();
  for (const [entityRef, groups] of seeds(now)) {
    await applySeed(store, {
      entityRef,
      payload: seedPayload(`${entityRef}-1`, groups),
      now,
    });
  }

  const userOf = (options: any) =>
    options?.credentials?.principal?.userEntityRef as string | undefined;
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (requests: any[], options: any) =>
      requests.map(() => readDecision(userOf(options))),
    // as the permission framework answers per entity: the policy's decision
    // with its conditions applied to the entity (only Carol's need it here)
    authorize: async (requests: any[], options: any) =>
      requests.map(r => {
        const user = userOf(options);
        const allowed =
          user === ADMIN || (user === CAROL && r.resourceRef !== SECRET);
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }),
  });

  const job = componentEntity('nightly', { owner: 'team-b' });
  job.metadata.annotations = { 'periskop.io/service-name': 'nightly-job' };
  const server = await startPeriskopBackend({
    knex,
    features: [
      permissions.factory,
      catalogServiceMock.factory({
        entities: [
          componentEntity('api', {
            owner: 'team-a',
            targets: 'http://127.0.0.1:1/api',
          }),
          componentEntity('payments', {
            owner: 'team-b',
            targets: 'http://127.0.0.1:1/pay',
          }),
          componentEntity('secret', {
            owner: 'team-a',
            targets: 'http://127.0.0.1:1/secret',
          }),
          job,
          componentEntity('unmonitored', { owner: 'team-a' }),
        ],
      }),
    ],
  });

  // every answer is checked against the OpenAPI spec
  const api = specRequest(server);
  const search = (query: string, user = ADMIN) =>
    api
      .get(`/api/periskop/errors${query ? `?${query}` : ''}`)
      .set('authorization', mockCredentials.user.header(user));
  const keys = (body: any) => body.items.map((g: any) => g.aggregationKey);
  return { api, search, keys, permissions, now };
}

describe.each(databases.eachSupportedId())(
  'the org-wide search GET /errors on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof setUp>>;

    beforeAll(async () => {
      ctx = await setUp(databaseId);
    });

    beforeEach(() => {
      ctx.permissions.authorize.mockClear();
    });

    it('lists the open errors of every entity, newest first, each naming its entity', async () => {
      const res = await ctx.search('');
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((g: any) => [g.entityRef, g.aggregationKey]),
      ).toEqual([
        [API, 'TokenExpiredError@api1'],
        [PAYMENTS, 'PaymentDeclinedError@pay1'],
        [API, 'PaymentDeclinedError@api2'],
        [SECRET, 'PaymentDeclinedError@sec1'],
        [API, 'ValidationError@api3'],
        [PAYMENTS, 'RetryingCharge@pay2'],
        [NIGHTLY, 'BatchFailed@job1'],
      ]);
      expect(res.body.totalItems).toBe(7);
      expect(res.body.severityCounts).toEqual({
        error: 4,
        warning: 2,
        info: 1,
      });
      expect(res.body.items[1]).toEqual({
        id: expect.stringMatching(/^\d+$/),
        entityRef: PAYMENTS,
        aggregationKey: 'PaymentDeclinedError@pay1',
        class: 'PaymentDeclinedError',
        message: 'card declined by issuer',
        severity: 'error',
        status: 'open',
        regressed: false,
        regressedAt: null,
        totalCount: 3,
        firstSeen: new Date(ctx.now - 2 * HOUR).toISOString(),
        lastSeen: new Date(ctx.now - 2 * HOUR).toISOString(),
        resolvedAt: null,
        resolvedBy: null,
      });
      // the ALLOW decision needs no question per entity
      expect(ctx.permissions.authorize).not.toHaveBeenCalled();
    });

    it.each([
      [
        'a class',
        'paymentdeclinederror',
        [
          'PaymentDeclinedError@pay1',
          'PaymentDeclinedError@api2',
          'PaymentDeclinedError@sec1',
        ],
      ],
      ['a message', 'nightly export', ['BatchFailed@job1']],
      ['words of a message', 'DECLINED issuer', ['PaymentDeclinedError@pay1']],
      ['a stack frame', 'verifyToken', ['TokenExpiredError@api1']],
      ['a file in stacks', 'export.py:88', ['BatchFailed@job1']],
      ['a request URL', '/v1/login', ['TokenExpiredError@api1']],
      ['a host of a URL', 'pay.example.com', ['PaymentDeclinedError@pay1']],
      ['nothing', 'no-such-text', []],
    ])('finds %s across entities', async (_what, query, expected) => {
      const res = await ctx.search(`query=${encodeURIComponent(query)}`);
      expect(res.status).toBe(200);
      expect(ctx.keys(res.body)).toEqual(expected);
      expect(res.body.totalItems).toBe(expected.length);
    });

    it('never shows errors of entities that are not in the catalog', async () => {
      const res = await ctx.search('query=long%20ago&status=all');
      expect(res.body).toMatchObject({ items: [], totalItems: 0 });
    });

    it('filters by severity, status and last-seen window, and sorts', async () => {
      const warnings = await ctx.search('severity=warning&severity=info');
      expect(ctx.keys(warnings.body)).toEqual([
        'PaymentDeclinedError@sec1',
        'ValidationError@api3',
        'RetryingCharge@pay2',
      ]);
      expect(warnings.body.totalItems).toBe(3);
      // counts of every severity, whichever are asked for
      expect(warnings.body.severityCounts).toEqual({
        error: 4,
        warning: 2,
        info: 1,
      });

      const from = new Date(ctx.now - 4.5 * HOUR).toISOString();
      const to = new Date(ctx.now - 1.5 * HOUR).toISOString();
      const window = await ctx.search(`from=${from}&to=${to}`);
      expect(ctx.keys(window.body)).toEqual([
        'PaymentDeclinedError@pay1',
        'PaymentDeclinedError@api2',
        'PaymentDeclinedError@sec1',
      ]);

      const loudest = await ctx.search('sort=totalCount&order=desc&limit=2');
      expect(ctx.keys(loudest.body)).toEqual([
        'PaymentDeclinedError@api2',
        'RetryingCharge@pay2',
      ]);
      expect(loudest.body.totalItems).toBe(7);
      const oldest = await ctx.search('sort=firstSeen&order=asc&limit=1');
      expect(ctx.keys(oldest.body)).toEqual(['BatchFailed@job1']);

      expect((await ctx.search('status=resolved')).body).toMatchObject({
        items: [],
        totalItems: 0,
      });
      expect((await ctx.search('status=all')).body.totalItems).toBe(7);
    });

    it('pages over the whole match with its total', async () => {
      const page = (offset: number) =>
        ctx.search(`query=declined&limit=2&offset=${offset}`);
      const pages = await Promise.all([0, 2, 4].map(page));
      expect(pages.map(p => p.body.items.length)).toEqual([2, 1, 0]);
      expect(pages.every(p => p.body.totalItems === 3)).toBe(true);
      expect(pages.flatMap(p => ctx.keys(p.body))).toEqual([
        'PaymentDeclinedError@pay1',
        'PaymentDeclinedError@api2',
        'PaymentDeclinedError@sec1',
      ]);
    });

    it('adds sparklines when asked', async () => {
      const res = await ctx.search('sparkline=true&sort=totalCount&limit=1');
      expect(res.body.items[0].aggregationKey).toBe(
        'PaymentDeclinedError@api2',
      );
      expect(res.body.items[0].sparkline).toHaveLength(24);
      expect(res.body.items[0].sparkline[23]).toBe(50);
    });

    it('shows an owner only the errors of entities they own (a conditional decision, filtered by the catalog)', async () => {
      const all = await ctx.search('status=all', ALICE);
      expect(
        all.body.items.map((g: any) => `${g.entityRef} ${g.aggregationKey}`),
      ).toEqual([
        `${API} TokenExpiredError@api1`,
        `${API} PaymentDeclinedError@api2`,
        `${SECRET} PaymentDeclinedError@sec1`,
        `${API} ValidationError@api3`,
      ]);
      expect(all.body.totalItems).toBe(4);
      expect(all.body.severityCounts).toEqual({
        error: 2,
        warning: 2,
        info: 0,
      });

      const declined = await ctx.search('query=declined&limit=1', ALICE);
      expect(ctx.keys(declined.body)).toEqual(['PaymentDeclinedError@api2']);
      expect(declined.body.totalItems).toBe(2);
      expect(declined.body.severityCounts).toEqual({
        error: 1,
        warning: 1,
        info: 0,
      });
      // the catalog applied the condition: no question per entity
      expect(ctx.permissions.authorize).not.toHaveBeenCalled();
    });

    it('applies conditions no catalog filter can express entity by entity', async () => {
      const res = await ctx.search('query=declined', CAROL);
      expect(
        res.body.items.map((g: any) => `${g.entityRef} ${g.aggregationKey}`),
      ).toEqual([
        `${PAYMENTS} PaymentDeclinedError@pay1`,
        `${API} PaymentDeclinedError@api2`,
      ]);
      expect(res.body.totalItems).toBe(2);
      expect(res.body.severityCounts).toEqual({
        error: 2,
        warning: 0,
        info: 0,
      });
      const asked = ctx.permissions.authorize.mock.calls[0][0].map(
        (r: any) => r.resourceRef,
      );
      expect(asked.sort()).toEqual([API, NIGHTLY, PAYMENTS, SECRET]);
    });

    it('shows a caller who may read no errors nothing at all', async () => {
      const res = await ctx.search('status=all&query=declined', MALLORY);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [],
        totalItems: 0,
        severityCounts: { error: 0, warning: 0, info: 0 },
      });
    });

    it.each([
      ['limit=0', 'Invalid query parameter "limit": must be at least 1'],
      ['limit=501', 'Invalid query parameter "limit": must be at most 500'],
      ['offset=-1', 'Invalid query parameter "offset": must be a whole number'],
      [
        'status=closed',
        'Invalid query parameter "status": must be one of "open", "resolved", "all"',
      ],
      [
        'severity=error&severity=fatal',
        'Invalid query parameter "severity": must be one of "error", "warning", "info"',
      ],
      [
        'sort=entityRef',
        'Invalid query parameter "sort": must be one of "lastSeen", "totalCount", "firstSeen"',
      ],
      [
        'order=up',
        'Invalid query parameter "order": must be one of "asc", "desc"',
      ],
      [
        'from=yesterday',
        'Invalid query parameter "from": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
      ],
      [
        'from=2026-11-21T10:00:00Z&to=2026-11-21T09:00:00Z',
        'Invalid query parameter "from": must be before "to"',
      ],
      [
        'query=a&query=b',
        'Invalid query parameter "query": must be given once',
      ],
      [
        'sparkline=yes',
        'Invalid query parameter "sparkline": must be one of "true", "false"',
      ],
      [
        'entityRef=component:default/api',
        'Unknown query parameter "entityRef"',
      ],
    ])('answers 400 for ?%s', async (query, message) => {
      const res = await ctx.search(query);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'InputError', message });
    });

    it('answers 401 without credentials', async () => {
      const res = await ctx.api
        .get('/api/periskop/errors')
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });
  },
);
