import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  DEFAULT_LIFECYCLE,
  DAY,
  ENTITY,
  HOUR,
  MINUTE,
  T0,
  apply,
  createStoreOn,
  groupByKey,
  sample,
  TestSample,
} from '../__testUtils__/errorStore';
import { ErrorGroupQuery, StoredErrorGroup } from '.';
import { TestStore } from '../__testUtils__/testStore';

jest.setTimeout(60_000);

const OTHER_ENTITY = 'component:default/billing';

const databases = createTestDatabases();

/**
 * Five groups of {@link ENTITY} with distinct counts and times, and a look-
 * alike group of another entity that no query of ENTITY may return.
 *
 * | key              | severity | total | first seen | last seen | status   |
 * |------------------|----------|-------|------------|-----------|----------|
 * | NullPointer@cart | error    | 50    | -3 d       | -10 min   | open     |
 * | Quota@limit      | warning  | 5     | -2 d       | -2 h      | open     |
 * | Parse@json       | info     | 200   | -1 d       | -30 min   | open     |
 * | Timeout@upstream | error    | 1     | -1 h       | -5 min    | resolved |
 * | Retry@queue      | warning  | 20    | -5 d       | -3 d      | resolved |
 */
async function seedGroups(store: TestStore) {
  const nullPointer: TestSample = {
    uuid: 'np-1',
    timestampMs: T0 - 10 * MINUTE,
    severity: 'error',
    error: {
      class: 'TypeError',
      message: "Cannot read properties of undefined (reading 'cart')",
      stacktrace: [
        'at Checkout.submit (checkout.js:42:7)',
        'at Router.handle (router.js:10:3)',
      ],
      cause: {
        class: 'DatabaseTimeout',
        message: 'connection pool exhausted after 30s',
        stacktrace: ['at Pool.acquire (pool.js:88:1)'],
        cause: null,
      },
    },
    httpContext: {
      requestMethod: 'POST',
      requestUrl: '/api/orders/submit?coupon=SPRING',
      // as stored after redaction at ingest
      requestHeaders: { Authorization: '[REDACTED]', 'X-Tenant': 'zebracorp' },
      requestBody: '{"secretWord":"platypus"}',
    },
  };
  const quota = sample('quota-1', T0 - 2 * HOUR, {
    severity: 'warning',
    error: {
      class: 'QuotaExceeded',
      message: 'Quota 100% used by tenant_a',
      stacktrace: ['at Quota.check (quota.js:5:5)'],
      cause: null,
    },
  });
  const parse = sample('parse-1', T0 - 30 * MINUTE, {
    severity: 'info',
    error: {
      class: 'SyntaxError',
      message: 'Unexpected token in JSON at position 7',
      stacktrace: ['at JSON.parse (<anonymous>)', 'at C:\\app\\parser.js:3:9'],
      cause: null,
    },
    httpContext: null,
  });
  const timeout = sample('timeout-1', T0 - 5 * MINUTE, {
    error: {
      class: 'Error',
      message: 'Upstream TIMEOUT calling Payments!',
      stacktrace: ['at fetchUpstream (client.js:7:1)'],
      cause: null,
    },
  });
  const retry = sample('retry-1', T0 - 3 * DAY, {
    severity: 'warning',
    error: {
      class: 'RetryError',
      message: 'Retrying job 100 of queue mail',
      stacktrace: ['at Queue.retry (queue.js:1:1)'],
      cause: null,
    },
  });

  await apply(store, {
    instance: 'pod-a',
    now: T0,
    report: {
      'NullPointer@cart': {
        count: 50,
        samples: [nullPointer],
        firstSeen: T0 - 3 * DAY,
        lastSeen: T0 - 10 * MINUTE,
      },
      'Quota@limit': {
        count: 5,
        samples: [quota],
        firstSeen: T0 - 2 * DAY,
        lastSeen: T0 - 2 * HOUR,
      },
      'Parse@json': {
        count: 200,
        samples: [parse],
        firstSeen: T0 - DAY,
        lastSeen: T0 - 30 * MINUTE,
      },
      'Timeout@upstream': {
        count: 1,
        samples: [timeout],
        firstSeen: T0 - HOUR,
        lastSeen: T0 - 5 * MINUTE,
      },
      'Retry@queue': {
        count: 20,
        samples: [retry],
        firstSeen: T0 - 5 * DAY,
        lastSeen: T0 - 3 * DAY,
      },
    },
  });
  // same texts, another entity
  await apply(store, {
    entityRef: OTHER_ENTITY,
    instance: 'pod-b',
    now: T0,
    report: {
      'NullPointer@cart': { count: 3, samples: [nullPointer] },
      'Quota@limit': { count: 3, samples: [quota] },
    },
  });

  const groups = {
    nullPointer: await groupByKey(store, 'NullPointer@cart'),
    quota: await groupByKey(store, 'Quota@limit'),
    parse: await groupByKey(store, 'Parse@json'),
    timeout: await groupByKey(store, 'Timeout@upstream'),
    retry: await groupByKey(store, 'Retry@queue'),
  };
  for (const id of [groups.timeout.id, groups.retry.id]) {
    await store.resolveErrorGroup(id, {
      by: 'user:default/alice',
      at: T0 + MINUTE,
    });
  }
  return groups;
}

type Seeded = Awaited<ReturnType<typeof seedGroups>>;

function queryOf(overrides: Partial<ErrorGroupQuery> = {}): ErrorGroupQuery {
  return {
    entityRef: ENTITY,
    status: 'all',
    sort: 'lastSeen',
    order: 'desc',
    limit: 25,
    offset: 0,
    ...overrides,
  };
}

function keys(groups: StoredErrorGroup[]): string[] {
  return groups.map(g => g.aggregationKey);
}

describe('store reads', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: TestStore;
    let seeded: Seeded;

    /** Keys of the groups that a search for `terms` finds, among all statuses. */
    const search = async (...terms: string[]) =>
      keys((await store.queryErrorGroups(queryOf({ terms }))).items).sort();

    describe('queryErrorGroups', () => {
      beforeAll(async () => {
        ({ knex, store } = await createStoreOn(
          databases,
          databaseId as TestDatabaseId,
        ));
        seeded = await seedGroups(store);
      });

      it('maps rows exactly like listErrorGroups and defaults to nothing filtered', async () => {
        const page = await store.queryErrorGroups(queryOf());
        expect(page.items).toEqual(await store.listErrorGroups(ENTITY));
        expect(page.totalItems).toBe(5);
        expect(page.items[0]).toEqual({
          id: seeded.timeout.id,
          entityRef: ENTITY,
          aggregationKey: 'Timeout@upstream',
          errorClass: 'Error',
          message: 'Upstream TIMEOUT calling Payments!',
          severity: 'error',
          status: 'resolved',
          regressed: false,
          regressedAt: null,
          totalCount: 1,
          firstSeen: T0 - HOUR,
          lastSeen: T0 - 5 * MINUTE,
          resolvedAt: T0 + MINUTE,
          resolvedBy: 'user:default/alice',
        });
      });

      it('finds terms in the message, a stack line, a cause, the request URL and the key', async () => {
        expect(await search('properties of undefined')).toEqual([
          'NullPointer@cart',
        ]);
        expect(await search('router.js:10')).toEqual(['NullPointer@cart']);
        expect(await search('parser.js')).toEqual(['Parse@json']);
        // only in the cause: its class and its message
        expect(await search('pool exhausted')).toEqual(['NullPointer@cart']);
        expect(await search('pool.acquire')).toEqual(['NullPointer@cart']);
        expect(await search('coupon=spring')).toEqual(['NullPointer@cart']);
        expect(await search('/api/orders/')).toEqual(['NullPointer@cart']);
        expect(await search('quota@limit')).toEqual(['Quota@limit']);
        expect(await search('syntaxerror')).toEqual(['Parse@json']);
      });

      it('matches case-insensitively', async () => {
        expect(await search('TIMEOUT')).toEqual([
          'NullPointer@cart', // DatabaseTimeout, the cause
          'Timeout@upstream',
        ]);
        expect(await search('timeout')).toEqual(await search('TIMEOUT'));
        expect(await search('CoUpOn=SpRiNg')).toEqual(['NullPointer@cart']);
        expect(await search('Unexpected Token')).toEqual(['Parse@json']);
      });

      it('requires every term (AND) and ignores empty ones', async () => {
        expect(await search('timeout', 'payments')).toEqual([
          'Timeout@upstream',
        ]);
        expect(await search('timeout', 'cart')).toEqual(['NullPointer@cart']);
        expect(await search('timeout', 'quota')).toEqual([]);
        expect(await search('', 'quota')).toEqual(['Quota@limit']);
        expect(await search()).toHaveLength(5);
      });

      it('does not find words that occur only in headers or the body', async () => {
        expect(await search('zebracorp')).toEqual([]);
        expect(await search('x-tenant')).toEqual([]);
        expect(await search('redacted')).toEqual([]);
        expect(await search('platypus')).toEqual([]);
        expect(await search('secretword')).toEqual([]);
      });

      it('takes LIKE wildcards, the escape character and backslashes literally', async () => {
        // "100%" is only in the quota message; unescaped, "%100%%" would
        // also match "job 100 of"
        expect(await search('100%')).toEqual(['Quota@limit']);
        expect(await search('100')).toEqual(['Quota@limit', 'Retry@queue']);
        // unescaped, "_" would match the "%" or the " " after 100
        expect(await search('100_')).toEqual([]);
        expect(await search('tenant_a')).toEqual(['Quota@limit']);
        // unescaped, "r_u" would match "rou" of router.js
        expect(await search('r_u')).toEqual([]);
        expect(await search('%')).toEqual(['Quota@limit']);
        expect(await search('_')).toEqual(['Quota@limit']);
        // the escape character itself
        expect(await search('payments!')).toEqual(['Timeout@upstream']);
        expect(await search('!')).toEqual(['Timeout@upstream']);
        expect(await search('!%')).toEqual([]);
        // MySQL reads backslashes in string literals as escapes
        expect(await search('c:\\app\\parser')).toEqual(['Parse@json']);
        expect(await search('\\')).toEqual(['Parse@json']);
        expect(await search('c:app')).toEqual([]);
        expect(await search("'cart'")).toEqual(['NullPointer@cart']);
      });

      it('filters by status', async () => {
        const open = await store.queryErrorGroups(queryOf({ status: 'open' }));
        expect(keys(open.items)).toEqual([
          'NullPointer@cart',
          'Parse@json',
          'Quota@limit',
        ]);
        expect(open.totalItems).toBe(3);
        const resolved = await store.queryErrorGroups(
          queryOf({ status: 'resolved' }),
        );
        expect(keys(resolved.items)).toEqual([
          'Timeout@upstream',
          'Retry@queue',
        ]);
        expect(resolved.totalItems).toBe(2);
      });

      it('filters by severity and counts severities without that filter', async () => {
        const warnings = await store.queryErrorGroups(
          queryOf({ severities: ['warning'] }),
        );
        expect(keys(warnings.items)).toEqual(['Quota@limit', 'Retry@queue']);
        expect(warnings.totalItems).toBe(2);
        expect(warnings.severityCounts).toEqual({
          error: 2,
          warning: 2,
          info: 1,
        });

        const several = await store.queryErrorGroups(
          queryOf({ severities: ['info', 'error', 'info'], status: 'open' }),
        );
        expect(keys(several.items)).toEqual(['NullPointer@cart', 'Parse@json']);
        expect(several.totalItems).toBe(2);
        expect(several.severityCounts).toEqual({
          error: 1,
          warning: 1,
          info: 1,
        });

        // the other filters do apply to the counts
        const searched = await store.queryErrorGroups(
          queryOf({ terms: ['100'], severities: ['error'] }),
        );
        expect(searched.items).toEqual([]);
        expect(searched.totalItems).toBe(0);
        expect(searched.severityCounts).toEqual({ warning: 2 });

        const unknown = await store.queryErrorGroups(
          queryOf({ severities: ['debug'] }),
        );
        expect(unknown).toEqual({
          items: [],
          totalItems: 0,
          severityCounts: { error: 2, warning: 2, info: 1 },
        });

        const empty = await store.queryErrorGroups(queryOf({ severities: [] }));
        expect(empty.totalItems).toBe(5);
      });

      it('filters by a last seen window [from, to)', async () => {
        const window = async (lastSeenFrom?: number, lastSeenTo?: number) => {
          const page = await store.queryErrorGroups(
            queryOf({ lastSeenFrom, lastSeenTo }),
          );
          expect(page.totalItems).toBe(page.items.length);
          return keys(page.items);
        };
        expect(await window(T0 - HOUR, T0 - 10 * MINUTE)).toEqual([
          'Parse@json',
        ]);
        expect(await window(T0 - 10 * MINUTE)).toEqual([
          'Timeout@upstream',
          'NullPointer@cart',
        ]);
        expect(await window(undefined, T0 - 2 * HOUR)).toEqual(['Retry@queue']);
        expect(await window(undefined, T0 - 2 * HOUR + 1)).toEqual([
          'Quota@limit',
          'Retry@queue',
        ]);
        expect(await window(T0, T0 + HOUR)).toEqual([]);
      });

      it.each([
        [
          'lastSeen',
          [
            'Timeout@upstream',
            'NullPointer@cart',
            'Parse@json',
            'Quota@limit',
            'Retry@queue',
          ],
        ],
        [
          'totalCount',
          [
            'Parse@json',
            'NullPointer@cart',
            'Retry@queue',
            'Quota@limit',
            'Timeout@upstream',
          ],
        ],
        [
          'firstSeen',
          [
            'Timeout@upstream',
            'Parse@json',
            'Quota@limit',
            'NullPointer@cart',
            'Retry@queue',
          ],
        ],
      ] as const)('sorts by %s in both directions', async (sort, desc) => {
        const descending = await store.queryErrorGroups(
          queryOf({ sort, order: 'desc' }),
        );
        expect(keys(descending.items)).toEqual(desc);
        const ascending = await store.queryErrorGroups(
          queryOf({ sort, order: 'asc' }),
        );
        expect(keys(ascending.items)).toEqual([...desc].reverse());
      });

      it('pages with limit and offset and always reports the whole total', async () => {
        const page = (limit: number, offset: number) =>
          store.queryErrorGroups(queryOf({ limit, offset }));
        expect(keys((await page(2, 0)).items)).toEqual([
          'Timeout@upstream',
          'NullPointer@cart',
        ]);
        expect(keys((await page(2, 2)).items)).toEqual([
          'Parse@json',
          'Quota@limit',
        ]);
        const last = await page(2, 4);
        expect(keys(last.items)).toEqual(['Retry@queue']);
        expect(last.totalItems).toBe(5);
        const one = await page(1, 0);
        expect(keys(one.items)).toEqual(['Timeout@upstream']);
        expect(one.totalItems).toBe(5);
        expect(keys((await page(1, 3)).items)).toEqual(['Quota@limit']);
        for (const offset of [5, 6, 1000]) {
          expect(await page(25, offset)).toEqual({
            items: [],
            totalItems: 5,
            severityCounts: { error: 2, warning: 2, info: 1 },
          });
        }
        expect(await page(0, 0)).toMatchObject({ items: [], totalItems: 5 });
      });

      it('never returns groups of another entity, nor of an unknown one', async () => {
        const other = await store.queryErrorGroups(
          queryOf({ entityRef: OTHER_ENTITY, terms: ['cart'] }),
        );
        expect(other.items.map(g => g.entityRef)).toEqual([OTHER_ENTITY]);
        expect(other.totalItems).toBe(1);
        expect(
          await store.queryErrorGroups(
            queryOf({ entityRef: 'component:default/nothing' }),
          ),
        ).toEqual({ items: [], totalItems: 0, severityCounts: {} });
        // refs compare exactly, also on MySQL (binary collation)
        expect(
          (
            await store.queryErrorGroups(
              queryOf({ entityRef: ENTITY.toUpperCase() }),
            )
          ).totalItems,
        ).toBe(0);
      });

      it('breaks ties by id in the direction of the sort', async () => {
        const tied = 'component:default/tied';
        await apply(store, {
          entityRef: tied,
          instance: 'pod-t',
          now: T0,
          report: Object.fromEntries(
            ['T1', 'T2', 'T3', 'T4'].map(key => [key, { count: 7 }]),
          ),
        });
        const ids = (await store.listErrorGroups(tied))
          .map(g => g.id)
          .sort((a, b) => a - b);
        for (const sort of ['lastSeen', 'totalCount', 'firstSeen'] as const) {
          const asc = await store.queryErrorGroups(
            queryOf({ entityRef: tied, sort, order: 'asc' }),
          );
          expect(asc.items.map(g => g.id)).toEqual(ids);
          const desc = await store.queryErrorGroups(
            queryOf({ entityRef: tied, sort, order: 'desc' }),
          );
          expect(desc.items.map(g => g.id)).toEqual([...ids].reverse());
          // pages of a tie neither repeat nor skip a group
          const paged: number[] = [];
          for (let offset = 0; offset < 4; offset++) {
            const page = await store.queryErrorGroups(
              queryOf({
                entityRef: tied,
                sort,
                order: 'desc',
                limit: 1,
                offset,
              }),
            );
            paged.push(...page.items.map(g => g.id));
          }
          expect(paged).toEqual([...ids].reverse());
        }
      });

      it('filters and pages in SQL, reading the search texts once', async () => {
        const statements: string[] = [];
        const listener = (query: { sql: string }) => {
          statements.push(query.sql);
        };
        knex.on('query', listener);
        try {
          await store.queryErrorGroups(
            queryOf({
              status: 'open',
              terms: ['a', 'b'],
              severities: ['error'],
              lastSeenFrom: T0 - DAY,
              lastSeenTo: T0,
              limit: 10,
              offset: 5,
            }),
          );
          await store.queryErrorGroups(queryOf({ limit: 10, offset: 5 }));
        } finally {
          knex.off('query', listener);
        }
        // a search: one statement finds the match, counts it and pages it
        // (one substring test per term), then the page's rows are read by id
        const [searching, ...rest] = statements;
        expect(searching).toMatch(/offset/i);
        expect(searching).toMatch(/order by/i);
        expect(searching).toMatch(/group by/i);
        expect(searching.match(/(strpos|instr)\(/gi)).toHaveLength(2);
        const byId = rest.filter(
          sql => !/limit/i.test(sql) && !/group by/i.test(sql),
        );
        expect(byId.length).toBeLessThanOrEqual(1);
        // without a search: the page and the counts side by side
        const plain = rest.filter(sql => !byId.includes(sql));
        expect(plain).toHaveLength(2);
        const page = plain.find(sql => /limit/i.test(sql));
        expect(page).toMatch(/offset/i);
        expect(page).toMatch(/order by/i);
        expect(plain.find(sql => !/limit/i.test(sql))).toMatch(/group by/i);
      });
    });

    describe('groups by id, resolve and unresolve', () => {
      beforeAll(async () => {
        ({ knex, store } = await createStoreOn(
          databases,
          databaseId as TestDatabaseId,
        ));
      });

      it('gets a group by id and nothing for unknown or impossible ids', async () => {
        await apply(store, {
          instance: 'pod-a',
          now: T0,
          report: { 'Get@one': { count: 2, samples: [sample('g1', T0)] } },
        });
        const group = await groupByKey(store, 'Get@one');
        expect(await store.getErrorGroup(group.id)).toEqual(group);
        for (const id of [group.id + 1000, 0, -1, 1.5, NaN, 2 ** 60]) {
          expect(await store.getErrorGroup(id)).toBeUndefined();
          expect(
            await store.resolveErrorGroup(id, { by: 'user:x', at: T0 }),
          ).toBeUndefined();
          expect(await store.unresolveErrorGroup(id)).toBeUndefined();
        }
      });

      it('keeps the first resolve, and unresolve clears it', async () => {
        await apply(store, {
          instance: 'pod-a',
          now: T0,
          report: { 'Resolve@me': { count: 1 } },
        });
        const { id } = await groupByKey(store, 'Resolve@me');

        const resolved = await store.resolveErrorGroup(id, {
          by: 'user:default/alice',
          at: T0 + MINUTE,
        });
        expect(resolved).toMatchObject({
          id,
          status: 'resolved',
          regressed: false,
          resolvedAt: T0 + MINUTE,
          resolvedBy: 'user:default/alice',
          totalCount: 1,
        });
        expect(await store.getErrorGroup(id)).toEqual(resolved);

        const again = await store.resolveErrorGroup(id, {
          by: 'user:default/bob',
          at: T0 + 2 * MINUTE,
        });
        expect(again).toEqual(resolved);

        const reopened = await store.unresolveErrorGroup(id);
        expect(reopened).toEqual({
          ...resolved,
          status: 'open',
          regressed: false,
          resolvedAt: null,
          resolvedBy: null,
        });
        expect(await store.getErrorGroup(id)).toEqual(reopened);
        // unresolving an open group changes nothing
        expect(await store.unresolveErrorGroup(id)).toEqual(reopened);
      });

      it('resolves twice at once: one wins, both answer with it', async () => {
        await apply(store, {
          instance: 'pod-a',
          now: T0,
          report: { 'Race@resolve': { count: 1 } },
        });
        const { id } = await groupByKey(store, 'Race@resolve');
        const results = await Promise.all(
          ['user:default/a', 'user:default/b', 'user:default/c'].map((by, i) =>
            store.resolveErrorGroup(id, { by, at: T0 + i }),
          ),
        );
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
        expect(results[0]?.status).toBe('resolved');
      });

      it('keeps a long resolver whole up to the column size', async () => {
        await apply(store, {
          instance: 'pod-a',
          now: T0,
          report: { 'Long@resolver': { count: 1 } },
        });
        const { id } = await groupByKey(store, 'Long@resolver');
        const by = `user:default/${'ü'.repeat(300)}`;
        const resolved = await store.resolveErrorGroup(id, { by, at: T0 });
        expect(resolved?.resolvedBy).toBe(by.slice(0, 255));
      });

      it('stays resolved without new occurrences, reopens as a regression on one, and a resolve clears it', async () => {
        await apply(store, {
          instance: 'pod-a',
          now: T0,
          report: { 'Regress@me': { count: 3 }, 'Bystander@x': { count: 1 } },
        });
        await apply(store, {
          instance: 'pod-b',
          now: T0,
          report: { 'Regress@me': { count: 2 } },
        });
        const { id } = await groupByKey(store, 'Regress@me');
        await store.resolveErrorGroup(id, {
          by: 'user:default/alice',
          at: T0 + MINUTE,
        });

        // the same payload again, a restart at zero, a new instance that
        // reports zero, and another group's occurrences: nothing new here
        await apply(store, {
          instance: 'pod-a',
          now: T0 + 2 * MINUTE,
          report: { 'Regress@me': { count: 3 }, 'Bystander@x': { count: 1 } },
        });
        await apply(store, {
          instance: 'pod-b',
          now: T0 + 3 * MINUTE,
          report: { 'Regress@me': { count: 0 } },
        });
        await apply(store, {
          instance: 'pod-c',
          now: T0 + 3 * MINUTE,
          report: { 'Regress@me': { count: 0 } },
        });
        await apply(store, {
          instance: 'pod-a',
          now: T0 + 4 * MINUTE,
          report: { 'Regress@me': { count: 3 }, 'Bystander@x': { count: 9 } },
        });
        expect(await store.getErrorGroup(id)).toMatchObject({
          status: 'resolved',
          regressed: false,
          regressedAt: null,
          resolvedAt: T0 + MINUTE,
          resolvedBy: 'user:default/alice',
          totalCount: 5,
        });

        // one new occurrence (pod-b counts from zero again)
        await apply(store, {
          instance: 'pod-b',
          now: T0 + 5 * MINUTE,
          report: { 'Regress@me': { count: 1 } },
        });
        const regressed = await store.getErrorGroup(id);
        expect(regressed).toMatchObject({
          status: 'open',
          regressed: true,
          regressedAt: T0 + 5 * MINUTE,
          // the resolve stays as history until the next resolve or unresolve
          resolvedAt: T0 + MINUTE,
          resolvedBy: 'user:default/alice',
          totalCount: 6,
          lastSeen: T0 + 5 * MINUTE,
        });
        expect(
          keys(
            (
              await store.queryErrorGroups(
                queryOf({ status: 'open', terms: ['regress@'] }),
              )
            ).items,
          ),
        ).toEqual(['Regress@me']);

        const resolvedAgain = await store.resolveErrorGroup(id, {
          by: 'user:default/bob',
          at: T0 + 6 * MINUTE,
        });
        expect(resolvedAgain).toMatchObject({
          status: 'resolved',
          regressed: false,
          resolvedAt: T0 + 6 * MINUTE,
          resolvedBy: 'user:default/bob',
          totalCount: 6,
        });

        // a regression can be unresolved too: open, not regressed
        await apply(store, {
          instance: 'pod-b',
          now: T0 + 7 * MINUTE,
          report: { 'Regress@me': { count: 4 } },
        });
        expect(await store.getErrorGroup(id)).toMatchObject({
          status: 'open',
          regressed: true,
          regressedAt: T0 + 7 * MINUTE,
        });
        expect(await store.unresolveErrorGroup(id)).toMatchObject({
          status: 'open',
          regressed: false,
          resolvedAt: null,
          resolvedBy: null,
          totalCount: 9,
        });
      });
    });

    describe('getOccurrenceSeries', () => {
      let groupId: number;

      beforeAll(async () => {
        ({ knex, store } = await createStoreOn(
          databases,
          databaseId as TestDatabaseId,
        ));
        // [scrape time, counter of K, counter of Other]
        const scrapes: Array<[number, number, number]> = [
          [T0 - 3 * HOUR + 5 * MINUTE, 2, 1], // K +2
          [T0 - 3 * HOUR + 20 * MINUTE, 5, 2], // K +3
          [T0 - 2 * HOUR + MINUTE, 6, 3], // K +1
          [T0 - 10 * MINUTE, 10, 4], // K +4
          [T0 - 10 * MINUTE + 30_000, 11, 5], // K +1, same minute
          [T0 - MINUTE, 13, 6], // K +2
        ];
        for (const [now, k, other] of scrapes) {
          await apply(store, {
            instance: 'pod-a',
            now,
            report: { K: { count: k }, Other: { count: other } },
          });
        }
        groupId = (await groupByKey(store, 'K')).id;
        // minutes before T0 - 2 h become one hour bucket at T0 - 3 h
        await store.runRetention({
          now: T0,
          retentionMs: 30 * DAY,
          fineBucketMaxAgeMs: 90 * MINUTE,
          ...DEFAULT_LIFECYCLE,
        });
      });

      const series = (from: number, to: number, stepMs: number, id?: number) =>
        store.getOccurrenceSeries({ groupId: id ?? groupId, from, to, stepMs });
      const counts = async (from: number, to: number, stepMs: number) =>
        (await series(from, to, stepMs)).map(p => p.count);

      it('gives sparklines of several groups in one call, zero-filled', async () => {
        const other = (await groupByKey(store, 'Other')).id;
        const sparklines = await store.getSparklines({
          groupIds: [groupId, other, 987654],
          from: T0 - 4 * HOUR,
          to: T0,
          stepMs: HOUR,
        });
        expect(sparklines.get(groupId)).toEqual([0, 5, 1, 7]);
        expect(sparklines.get(other)).toEqual([0, 2, 1, 3]);
        expect(sparklines.get(987654)).toEqual([0, 0, 0, 0]);
      });

      it('has an hour bucket and minute buckets to sum', async () => {
        expect(
          await store.listOccurrences({ groupId, from: 0, to: T0 + DAY }),
        ).toEqual([
          { time: T0 - 3 * HOUR, count: 5 },
          { time: T0 - 2 * HOUR + MINUTE, count: 1 },
          { time: T0 - 10 * MINUTE, count: 5 },
          { time: T0 - MINUTE, count: 2 },
        ]);
      });

      it('sums hour and minute buckets into steps, zero-filled, oldest first', async () => {
        expect(await series(T0 - 4 * HOUR, T0, HOUR)).toEqual([
          { time: T0 - 4 * HOUR, count: 0 },
          { time: T0 - 3 * HOUR, count: 5 },
          { time: T0 - 2 * HOUR, count: 1 },
          { time: T0 - HOUR, count: 7 },
        ]);
        expect(await counts(T0 - 3 * HOUR, T0, 30 * MINUTE)).toEqual([
          5, 0, 1, 0, 0, 7,
        ]);
        expect(await counts(T0 - 6 * HOUR, T0 + 6 * HOUR, DAY)).toEqual([13]);
      });

      it('counts a bucket in the step its start falls in, and only buckets that start in [from, to)', async () => {
        // steps start 10 minutes into the hour: the hour bucket at -3 h
        // starts before `from` and is left out
        expect(await series(T0 - 3 * HOUR + 10 * MINUTE, T0, HOUR)).toEqual([
          { time: T0 - 3 * HOUR + 10 * MINUTE, count: 1 },
          { time: T0 - 2 * HOUR + 10 * MINUTE, count: 0 },
          { time: T0 - HOUR + 10 * MINUTE, count: 7 },
        ]);
        // `to` is exclusive, and the last step is a partial one
        expect(await series(T0 - 3 * HOUR, T0 - MINUTE, HOUR)).toEqual([
          { time: T0 - 3 * HOUR, count: 5 },
          { time: T0 - 2 * HOUR, count: 1 },
          { time: T0 - HOUR, count: 5 },
        ]);
        expect(await counts(T0 - 3 * HOUR, T0 - MINUTE + 1, HOUR)).toEqual([
          5, 1, 7,
        ]);
        // a step that starts exactly at a bucket
        expect(await counts(T0 - 10 * MINUTE, T0, 9 * MINUTE)).toEqual([5, 2]);
      });

      it('has a point per minute over minute buckets', async () => {
        const points = await series(T0 - 12 * MINUTE, T0, MINUTE);
        expect(points).toHaveLength(12);
        expect(points.map(p => p.time)).toEqual(
          Array.from({ length: 12 }, (_, i) => T0 - 12 * MINUTE + i * MINUTE),
        );
        expect(points.map(p => p.count)).toEqual([
          0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 2,
        ]);
      });

      it('zero-fills ranges without data, unknown groups, and answers nothing for an empty range', async () => {
        expect(await counts(T0, T0 + 3 * HOUR, HOUR)).toEqual([0, 0, 0]);
        expect(
          await series(T0 - HOUR, T0, 20 * MINUTE, groupId + 1000),
        ).toEqual([
          { time: T0 - HOUR, count: 0 },
          { time: T0 - 40 * MINUTE, count: 0 },
          { time: T0 - 20 * MINUTE, count: 0 },
        ]);
        expect(await series(T0, T0, MINUTE)).toEqual([]);
        expect(await series(T0, T0 - HOUR, MINUTE)).toEqual([]);
        // another group's buckets are its own
        const other = await groupByKey(store, 'Other');
        expect(
          (await series(T0 - 4 * HOUR, T0, HOUR, other.id)).map(p => p.count),
        ).toEqual([0, 2, 1, 3]);
      });

      it('rejects steps that are not positive and series that are too long', async () => {
        await expect(series(T0 - HOUR, T0, 0)).rejects.toThrow(RangeError);
        await expect(series(T0 - HOUR, T0, -MINUTE)).rejects.toThrow(
          RangeError,
        );
        await expect(series(0, T0, 1000)).rejects.toThrow(/too long/);
      });
    });

    describe('getEntityAggregates', () => {
      const A = ENTITY;
      const B = OTHER_ENTITY;
      const C = 'component:default/catalog';
      const D = 'component:default/quiet';

      beforeAll(async () => {
        ({ knex, store } = await createStoreOn(
          databases,
          databaseId as TestDatabaseId,
        ));
        // A: G1 old and open, G2 new and open, G3 resolved and regressed,
        // G4 resolved
        await apply(store, {
          entityRef: A,
          instance: 'pod-a',
          now: T0 - 2 * DAY,
          report: { G1: { count: 3, firstSeen: T0 - 3 * DAY } },
        });
        await apply(store, {
          entityRef: A,
          instance: 'pod-a',
          now: T0 - 20 * MINUTE,
          report: {
            G1: { count: 5 },
            G2: { count: 4, firstSeen: T0 - 30 * MINUTE },
            G3: { count: 1, firstSeen: T0 - 2 * DAY },
            G4: { count: 2, firstSeen: T0 - 2 * DAY },
          },
        });
        for (const key of ['G3', 'G4']) {
          const { id } = await groupByKey(store, key, A);
          await store.resolveErrorGroup(id, {
            by: 'user:default/alice',
            at: T0 - 15 * MINUTE,
          });
        }
        await apply(store, {
          entityRef: A,
          instance: 'pod-a',
          now: T0 - 10 * MINUTE,
          report: {
            G1: { count: 5 },
            G2: { count: 4 },
            G3: { count: 3 },
            G4: { count: 2 },
          },
        });
        // B: one new group, one target that was never scraped
        await apply(store, {
          entityRef: B,
          instance: 'pod-b',
          now: T0 - 5 * MINUTE,
          report: { X: { count: 7 } },
        });

        const target = (entityRef: string, n: number) => ({
          id: `${entityRef}#${n}`,
          entityRef,
          url: `http://${n}.example:8080/-/exceptions`,
          source: `http://${n}.example:8080/-/exceptions`,
        });
        await store.syncTargets([
          target(A, 1),
          target(A, 2),
          target(B, 1),
          target(C, 1),
          target(C, 2),
          target(C, 3),
        ]);
        const health = (targetId: string, up: boolean) => ({
          targetId,
          up,
          scrapedAt: T0,
          instanceKey: up ? targetId : null,
          error: up ? null : 'connection refused',
          durationMs: 5,
          payloadBytes: up ? 100 : null,
          errorKeys: up ? 1 : null,
          warnings: 0,
          firstWarning: null,
        });
        await store.recordTargetHealth([
          health(`${A}#1`, true),
          health(`${A}#2`, false),
          health(`${C}#1`, true),
          health(`${C}#2`, false),
          health(`${C}#3`, true),
        ]);
      });

      const expectedA = {
        entityRef: A,
        openErrors: 3,
        newErrors: 1,
        regressedErrors: 1,
        occurrences: 11,
        targetsUp: 1,
        targetsTotal: 2,
      };
      const expectedB = {
        entityRef: B,
        openErrors: 1,
        newErrors: 1,
        regressedErrors: 0,
        occurrences: 7,
        targetsUp: 0,
        targetsTotal: 1,
      };
      const expectedC = {
        entityRef: C,
        openErrors: 0,
        newErrors: 0,
        regressedErrors: 0,
        occurrences: 0,
        targetsUp: 2,
        targetsTotal: 3,
      };

      it('sums groups, occurrences and targets per entity in one statement', async () => {
        const statements: string[] = [];
        const listener = (query: { sql: string }) => {
          statements.push(query.sql);
        };
        knex.on('query', listener);
        let result;
        try {
          result = await store.getEntityAggregates({
            from: T0 - HOUR,
            to: T0 + HOUR,
          });
        } finally {
          knex.off('query', listener);
        }
        expect(statements).toHaveLength(1);
        expect(result).toEqual([expectedA, expectedB, expectedC]);
      });

      it('counts new groups and occurrences within the window only', async () => {
        // G1 first seen at -3 d with 3 occurrences at -2 d; G3 and G4 first
        // seen exactly at -2 d, the exclusive end
        expect(
          await store.getEntityAggregates({
            from: T0 - 4 * DAY,
            to: T0 - 2 * DAY,
          }),
        ).toEqual([
          { ...expectedA, newErrors: 1, occurrences: 0 },
          { ...expectedB, newErrors: 0, occurrences: 0 },
          expectedC,
        ]);
        expect(
          await store.getEntityAggregates({
            from: T0 - 4 * DAY,
            to: T0 - 2 * DAY + 1,
          }),
        ).toEqual([
          { ...expectedA, newErrors: 3, occurrences: 3 },
          { ...expectedB, newErrors: 0, occurrences: 0 },
          expectedC,
        ]);
        // only the regression's bucket
        expect(
          await store.getEntityAggregates({
            from: T0 - 10 * MINUTE,
            to: T0 - 5 * MINUTE,
          }),
        ).toEqual([
          { ...expectedA, newErrors: 0, occurrences: 2 },
          // X was first seen at -6 min, its occurrences are at -5 min
          { ...expectedB, occurrences: 0 },
          expectedC,
        ]);
      });

      it('is restricted to the given entity refs', async () => {
        const window = { from: T0 - HOUR, to: T0 + HOUR };
        expect(
          await store.getEntityAggregates({ ...window, entityRefs: [C, D, B] }),
        ).toEqual([expectedB, expectedC]);
        expect(
          await store.getEntityAggregates({ ...window, entityRefs: [A, A] }),
        ).toEqual([expectedA]);
        expect(
          await store.getEntityAggregates({ ...window, entityRefs: [D] }),
        ).toEqual([]);
        expect(
          await store.getEntityAggregates({ ...window, entityRefs: [] }),
        ).toEqual([]);
      });

      it('splits long lists of entity refs into several statements and merges them', async () => {
        const many = Array.from(
          { length: 2500 },
          (_, i) => `component:default/service-${i}`,
        );
        many.splice(1700, 0, C);
        many.splice(10, 0, A);
        expect(
          await store.getEntityAggregates({
            from: T0 - HOUR,
            to: T0 + HOUR,
            entityRefs: many,
          }),
        ).toEqual([expectedA, expectedC]);
      });
    });
  });
});
