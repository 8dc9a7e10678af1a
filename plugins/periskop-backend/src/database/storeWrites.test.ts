import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { InstanceState } from '../aggregation/types';
import { ScrapeTarget } from '../discovery/types';
import { TargetHealthRecord } from '.';
import { createTestStore } from '../__testUtils__/testStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { recordStatements } from '../__testUtils__/recordStatements';
import {
  DEFAULT_LIFECYCLE,
  DAY,
  ENTITY,
  HOUR,
  MINUTE,
  T0,
  apply,
  computeFrom,
  createStoreOn,
  databaseService,
  groupByKey,
  hash,
  sample,
} from '../__testUtils__/errorStore';

jest.setTimeout(60_000);

const MIGRATIONS_DIR = resolvePackagePath(
  '@periskop-backstage/plugin-periskop-backend',
  'migrations',
);
const TABLES = [
  'error_groups',
  'instances',
  'instance_counters',
  'samples',
  'sample_contents',
  'occurrences',
  'targets',
  'entity_presence',
  'push_keys',
  'pushed_instances',
];
const databases = createTestDatabases();

function createStore(
  databaseId: TestDatabaseId,
  options?: { samplesPerError?: number },
) {
  return createStoreOn(databases, databaseId, options);
}

/** A second client on the same database, as a second backend replica would have. */
function secondClient(knex: Knex): Knex {
  return knexFactory({
    client: knex.client.config.client,
    connection: knex.client.config.connection,
    pool: { min: 0, max: 5 },
  });
}

/** Every row of every table, to prove that something wrote nothing. */
async function snapshot(knex: Knex) {
  const order: Record<string, string[]> = {
    instance_counters: ['instance_id', 'group_id'],
    samples: ['group_id', 'uuid'],
    sample_contents: ['digest'],
    occurrences: ['group_id', 'resolution', 'bucket_start'],
    entity_presence: ['entity_ref'],
    push_keys: ['entity_ref'],
    pushed_instances: ['entity_ref', 'instance_key'],
  };
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    result[table] = await knex(table)
      .select('*')
      .orderBy(order[table] ?? ['id']);
  }
  return result;
}

describe('store writes', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('migrates up, all the way down and up again', async () => {
      const knex = await databases.init(databaseId);
      await createTestStore({ database: databaseService(knex) });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      await knex.migrate.rollback({ directory: MIGRATIONS_DIR }, true);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      expect(await knex.schema.hasColumn('targets', 'service_name')).toBe(true);
    });

    it('skips migrations when the database service says so', async () => {
      const knex = await databases.init(databaseId);
      await createTestStore({
        database: { getClient: async () => knex, migrations: { skip: true } },
      });
      expect(await knex.schema.hasTable('error_groups')).toBe(false);
      await createTestStore({
        database: databaseService(knex),
        skipMigrations: true,
      });
      expect(await knex.schema.hasTable('error_groups')).toBe(false);
    });

    it('accumulates totals, keeps the counter state and writes nothing for an equal payload', async () => {
      const { knex, store } = await createStore(databaseId);
      // compute runs again when the store first had to create rows, so
      // each apply gets its own list of the states compute was shown
      const seen: InstanceState[][] = [[], [], []];

      const first = await apply(store, {
        instance: 'pod-a',
        report: {
          'Error@a': { count: 3, samples: [sample('u1', T0 - 5_000)] },
          'Error@b': { count: 1 },
        },
        now: T0,
        seenStates: seen[0],
      });
      expect(first).toEqual({
        newOccurrences: 4,
        groupsChanged: 2,
        // what the occurrence metric counts: per group, once committed
        groupDeltas: expect.arrayContaining([
          { aggregationKey: 'Error@a', severity: 'error', delta: 3 },
          { aggregationKey: 'Error@b', severity: 'error', delta: 1 },
        ]),
        // both groups are new (see groupTransitions.test.ts)
        transitions: [
          expect.objectContaining({ kind: 'new', aggregationKey: 'Error@a' }),
          expect.objectContaining({ kind: 'new', aggregationKey: 'Error@b' }),
        ],
        foldedKeys: 0,
        limitNotice: null,
      });
      // (1) no instance row yet, (2) no group rows yet, (3) applied
      expect(seen[0]).toEqual([
        { countersDigest: null, lastCounts: new Map() },
        { countersDigest: null, lastCounts: new Map() },
      ]);

      const second = await apply(store, {
        instance: 'pod-a',
        report: {
          'Error@a': { count: 5, samples: [sample('u2', T0 + 20_000)] },
          'Error@b': { count: 1 },
        },
        now: T0 + 30_000,
        seenStates: seen[1],
      });
      expect(second).toEqual({
        newOccurrences: 2,
        groupsChanged: 1,
        groupDeltas: [
          { aggregationKey: 'Error@a', severity: 'error', delta: 2 },
        ],
        transitions: [],
        foldedKeys: 0,
        limitNotice: null,
      });
      expect(seen[1]).toHaveLength(1);
      expect(seen[1][0].lastCounts).toEqual(
        new Map([
          [hash('Error@a'), 3],
          [hash('Error@b'), 1],
        ]),
      );
      expect(seen[1][0].countersDigest).toMatch(/^[0-9a-f]{64}$/);

      const a = await groupByKey(store, 'Error@a');
      expect(a).toMatchObject({
        entityRef: ENTITY,
        totalCount: 5,
        status: 'open',
        regressed: false,
        regressedAt: null,
        firstSeen: T0 - MINUTE,
        lastSeen: T0 + 30_000,
        message: 'boom u2',
        severity: 'error',
      });
      expect(typeof a.id).toBe('number');
      expect((await groupByKey(store, 'Error@b')).totalCount).toBe(1);

      // The same payload again: compute sees the stored digest and returns
      // null, and the store must not write a single row.
      const before = await snapshot(knex);
      const recorder = recordStatements(knex);
      const third = await apply(store, {
        instance: 'pod-a',
        report: {
          'Error@a': { count: 5, samples: [sample('u2', T0 + 20_000)] },
          'Error@b': { count: 1 },
        },
        now: T0 + 60_000,
        seenStates: seen[2],
      });
      recorder.stop();
      expect(third).toEqual({
        newOccurrences: 0,
        groupsChanged: 0,
        groupDeltas: [],
        transitions: [],
        foldedKeys: 0,
        limitNotice: null,
      });
      expect(seen[2]).toHaveLength(1);
      expect(seen[2][0].lastCounts).toEqual(
        new Map([
          [hash('Error@a'), 5],
          [hash('Error@b'), 1],
        ]),
      );
      // the instance row (locked) and the counter state, nothing else
      expect(
        recorder.statements.filter(sql => /^\s*select/i.test(sql)),
      ).toHaveLength(2);
      expect(recorder.writes()).toEqual([]);
      expect(await snapshot(knex)).toEqual(before);

      // ... except the hourly liveness stamp of a quiet instance
      await apply(store, {
        instance: 'pod-a',
        report: {
          'Error@a': { count: 5 },
          'Error@b': { count: 1 },
        },
        now: T0 + 2 * HOUR,
      });
      const instance = await knex('instances').first();
      expect(Number(instance.last_seen_at)).toBe(T0 + 2 * HOUR);
      expect((await groupByKey(store, 'Error@a')).totalCount).toBe(5);
    });

    it('counts a restart (a counter that drops) as new occurrences, per instance', async () => {
      const { store } = await createStore(databaseId);
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 10 } },
        now: T0,
      });
      await apply(store, {
        instance: 'pod-b',
        report: { K: { count: 4 } },
        now: T0,
      });
      // pod-a restarted: its counter starts again from zero
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 2 } },
        now: T0 + MINUTE,
      });
      const group = await groupByKey(store, 'K');
      expect(group.totalCount).toBe(16);
      const counts = await store.listInstanceCounts(group.id);
      expect(counts).toEqual([
        {
          instanceKey: 'pod-a',
          totalCount: 12,
          lastCount: 2,
          lastSeen: T0 + MINUTE,
        },
        { instanceKey: 'pod-b', totalCount: 4, lastCount: 4, lastSeen: T0 },
      ]);
    });

    it('de-duplicates samples by uuid, keeps the newest up to the cap, newest first', async () => {
      const { knex, store } = await createStore(databaseId, {
        samplesPerError: 5,
      });
      await apply(store, {
        instance: 'pod-a',
        report: {
          K: {
            count: 3,
            samples: [
              sample('s1', T0 - 3000),
              sample('s2', T0 - 2000),
              sample('s3', T0 - 1000),
            ],
          },
        },
        now: T0,
      });
      // s2 and s3 again (the client still holds them), plus four new ones
      await apply(store, {
        instance: 'pod-a',
        report: {
          K: {
            count: 7,
            samples: [
              sample('s2', T0 - 2000),
              sample('s3', T0 - 1000),
              sample('s4', T0 + 1000),
              sample('s5', T0 + 2000),
              sample('s6', T0 + 3000),
              sample('s7', T0 + 3000),
            ],
          },
        },
        now: T0 + MINUTE,
      });
      // another instance's sample with the same uuid as an existing one
      await apply(store, {
        instance: 'pod-b',
        report: { K: { count: 1, samples: [sample('s7', T0 + 3000)] } },
        now: T0 + MINUTE,
      });

      const group = await groupByKey(store, 'K');
      const samples = await store.listSamples(group.id);
      expect(samples.map(s => s.uuid)).toEqual(['s7', 's6', 's5', 's4', 's3']);
      expect(samples[0]).toEqual({
        uuid: 's7',
        timestampMs: T0 + 3000,
        severity: 'error',
        instanceKey: 'pod-a',
        error: {
          class: 'Error',
          message: 'boom s7',
          stacktrace: ['at handler (app.js:1:1)'],
          cause: null,
        },
        httpContext: {
          requestMethod: 'GET',
          requestUrl: '/things/s7',
          requestHeaders: { Accept: 'application/json' },
          requestBody: null,
        },
      });
      expect(Number((await knex('samples').count({ n: '*' }))[0].n)).toBe(5);
      expect(group.totalCount).toBe(8);
    });

    it('shows the newest sample and keeps the oldest first seen', async () => {
      const { store } = await createStore(databaseId);
      await apply(store, {
        instance: 'pod-a',
        report: {
          K: {
            count: 1,
            samples: [sample('new', T0 + 5000, { severity: 'warning' })],
          },
        },
        now: T0 + 10_000,
      });
      // an older sample from another instance must not replace it
      await store.applyInstanceScrape({
        entityRef: ENTITY,
        instanceKey: 'pod-b',
        url: 'http://pod-b',
        now: T0 + 20_000,
        compute: state => {
          const update = computeFrom(
            {
              K: {
                count: 1,
                samples: [sample('old', T0 + 1000, { severity: 'info' })],
              },
            },
            T0 + 20_000,
          )(state)!;
          update.groups[0].firstSeen = T0 - DAY;
          return update;
        },
      });
      let group = await groupByKey(store, 'K');
      expect(group).toMatchObject({
        severity: 'warning',
        message: 'boom new',
        firstSeen: T0 - DAY,
        lastSeen: T0 + 20_000,
        totalCount: 2,
      });
      await apply(store, {
        instance: 'pod-a',
        report: {
          K: {
            count: 2,
            samples: [sample('newer', T0 + 30_000, { severity: 'info' })],
          },
        },
        now: T0 + 40_000,
      });
      group = await groupByKey(store, 'K');
      expect(group).toMatchObject({ severity: 'info', message: 'boom newer' });
    });

    it('reopens a resolved group as a regression on a new occurrence only', async () => {
      const { knex, store } = await createStore(databaseId);
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 1 } },
        now: T0,
      });
      const { id } = await groupByKey(store, 'K');
      await knex('error_groups')
        .where({ id })
        .update({
          status: 'resolved',
          resolved_at: T0 + 1000,
          resolved_by: 'user:default/alice',
        });

      // a counter change without new occurrences (a restart at zero) keeps it resolved
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 0 } },
        now: T0 + MINUTE,
      });
      expect(await groupByKey(store, 'K')).toMatchObject({
        status: 'resolved',
        regressed: false,
        totalCount: 1,
      });

      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 2 } },
        now: T0 + 2 * MINUTE,
      });
      expect(await groupByKey(store, 'K')).toMatchObject({
        status: 'open',
        regressed: true,
        regressedAt: T0 + 2 * MINUTE,
        resolvedAt: T0 + 1000,
        resolvedBy: 'user:default/alice',
        totalCount: 3,
      });
    });

    it('adds every positive delta to its minute bucket, across instances', async () => {
      const { knex, store } = await createStore(databaseId);
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 2 } },
        now: T0 + 1000,
      });
      await apply(store, {
        instance: 'pod-b',
        report: { K: { count: 3 } },
        now: T0 + 59_000,
      });
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 7 } },
        now: T0 + 61_000,
      });
      const { id } = await groupByKey(store, 'K');

      expect(
        await store.listOccurrences({ groupId: id, from: T0, to: T0 + HOUR }),
      ).toEqual([
        { time: T0, count: 5 },
        { time: T0 + MINUTE, count: 5 },
      ]);
      expect(
        await store.listOccurrences({
          groupId: id,
          from: T0 + MINUTE,
          to: T0 + HOUR,
        }),
      ).toEqual([{ time: T0 + MINUTE, count: 5 }]);
      const rows = await knex('occurrences').select('entity_ref', 'resolution');
      expect(rows.map(r => [r.entity_ref, Number(r.resolution)])).toEqual([
        [ENTITY, 60],
        [ENTITY, 60],
      ]);
    });

    it('keeps entities apart and survives long instance keys and uuids', async () => {
      const { store } = await createStore(databaseId);
      const longKey = `http://${'x'.repeat(400)}.example.com/-/exceptions`;
      const longUuid = `uuid-${'y'.repeat(100)}`;
      await apply(store, {
        instance: longKey,
        report: { K: { count: 1, samples: [sample(longUuid, T0)] } },
        now: T0,
      });
      await apply(store, {
        instance: longKey,
        entityRef: 'component:default/other',
        report: { K: { count: 2 } },
        now: T0,
      });
      // the same long key maps to the same stored instance
      expect(
        await apply(store, {
          instance: longKey,
          report: { K: { count: 1, samples: [sample(longUuid, T0)] } },
          now: T0 + MINUTE,
        }),
      ).toEqual({
        newOccurrences: 0,
        groupsChanged: 0,
        groupDeltas: [],
        transitions: [],
        foldedKeys: 0,
        limitNotice: null,
      });

      const group = await groupByKey(store, 'K');
      expect(group.totalCount).toBe(1);
      expect(
        (await groupByKey(store, 'K', 'component:default/other')).totalCount,
      ).toBe(2);
      const [count] = await store.listInstanceCounts(group.id);
      expect(count.instanceKey.length).toBeLessThanOrEqual(255);
      expect(count.instanceKey.startsWith('http://xxxx')).toBe(true);
      const [stored] = await store.listSamples(group.id);
      expect(stored.uuid).toHaveLength(64);
    });

    it('stores large samples whole, in inserts of bounded size', async () => {
      const { knex, store } = await createStore(databaseId);
      // beyond MySQL's 64 KiB TEXT, and together beyond one insert's budget
      const body = 'ä'.repeat(1_500_000);
      const big = (uuid: string, at: number) =>
        sample(uuid, at, {
          httpContext: {
            requestMethod: 'POST',
            requestUrl: '/upload',
            requestHeaders: {},
            requestBody: body,
          },
        });
      const recorder = recordStatements(knex);
      await apply(store, {
        instance: 'pod-a',
        report: {
          K: {
            count: 3,
            samples: [big('b1', T0), big('b2', T0 + 1), big('b3', T0 + 2)],
          },
        },
        now: T0,
      });
      recorder.stop();
      // each content is stored once, in its own insert; the samples refer to them
      expect(
        recorder.statements.filter(sql =>
          /^insert (ignore )?into .sample_contents/i.test(sql),
        ),
      ).toHaveLength(3);
      expect(
        recorder.statements.filter(sql =>
          /^insert (ignore )?into .samples/i.test(sql),
        ),
      ).toHaveLength(1);
      const samples = await store.listSamples(
        (
          await groupByKey(store, 'K')
        ).id,
      );
      expect(samples.map(s => s.uuid)).toEqual(['b3', 'b2', 'b1']);
      expect(samples[0].httpContext?.requestBody).toBe(body);
    });

    it('issues a fixed number of statements per apply, however many groups and samples', async () => {
      const { knex, store } = await createStore(databaseId, {
        samplesPerError: 3,
      });
      const report = (count: number, at: number) =>
        Object.fromEntries(
          Array.from({ length: 60 }, (_, i) => [
            `Error@${i}`,
            {
              count,
              samples: Array.from({ length: 5 }, (__, j) =>
                sample(`${i}-${count}-${j}`, at + j),
              ),
            },
          ]),
        );

      let recorder = recordStatements(knex);
      await apply(store, { instance: 'pod-a', report: report(5, T0), now: T0 });
      recorder.stop();
      // (1) instance lock finds nothing, instance insert; (2) lock, state,
      // group lookup finds nothing, group insert; (3) lock, state, lookup,
      // then the writes below
      const first = recorder.statements.filter(
        s => !/^\s*(begin|commit|rollback|set)\b/i.test(s),
      );
      expect(first.length).toBeLessThanOrEqual(19);

      recorder = recordStatements(knex);
      await apply(store, {
        instance: 'pod-a',
        report: report(9, T0 + MINUTE),
        now: T0 + MINUTE,
      });
      recorder.stop();
      const sql = recorder.statements.filter(
        s => !/^\s*(begin|commit|rollback|set)\b/i.test(s),
      );
      // instance lock, state, ordered read of the changed groups (locking
      // them, except on SQLite; it tells new groups and regressions), group
      // update, counters, sample contents, samples, cap select, cap delete,
      // occurrences, instance update
      expect(sql.length).toBe(11);

      const group = await groupByKey(store, 'Error@7');
      expect(group.totalCount).toBe(9);
      expect((await store.listSamples(group.id)).map(s => s.uuid)).toEqual([
        '7-9-4',
        '7-9-3',
        '7-9-2',
      ]);
      expect(Number((await knex('samples').count({ n: '*' }))[0].n)).toBe(180);
    });

    it('syncs targets: adds, updates, removes, and writes nothing when unchanged', async () => {
      const { knex, store } = await createStore(databaseId);
      const target = (
        id: string,
        extra?: Partial<ScrapeTarget>,
      ): ScrapeTarget => ({
        id,
        entityRef: ENTITY,
        url: `http://${id}:8080/-/exceptions`,
        source: `http://${id}:8080/-/exceptions`,
        ...extra,
      });

      expect(await store.syncTargets([target('t1'), target('t2')])).toEqual({
        added: 2,
        removed: 0,
        updated: 0,
      });

      const recorder = recordStatements(knex);
      expect(await store.syncTargets([target('t2'), target('t1')])).toEqual({
        added: 0,
        removed: 0,
        updated: 0,
      });
      recorder.stop();
      // the targets and the entities' presence are read, nothing written
      expect(recorder.statements).toHaveLength(2);
      expect(recorder.writes()).toEqual([]);

      await store.recordTargetHealth([
        {
          targetId: 't2',
          up: true,
          scrapedAt: T0,
          instanceKey: 'uuid-2',
          error: null,
          durationMs: 12,
          payloadBytes: 345,
          errorKeys: 2,
          warnings: 0,
          firstWarning: null,
        },
      ]);

      expect(
        await store.syncTargets([
          target('t2', { unavailableReason: 'blocked by policy' }),
          target('t3', { entityRef: 'component:default/other' }),
        ]),
      ).toEqual({ added: 1, removed: 1, updated: 1 });

      const targets = await store.listTargets();
      expect(
        targets.map(t => [t.id, t.entityRef, t.unavailableReason]),
      ).toEqual([
        ['t2', ENTITY, 'blocked by policy'],
        ['t3', 'component:default/other', null],
      ]);
      // an updated definition keeps its health
      expect(targets[0]).toMatchObject({
        up: true,
        lastSuccessAt: T0,
        errorKeys: 2,
      });
      expect(targets[1]).toMatchObject({
        up: null,
        lastScrapeAt: null,
        lastSuccessAt: null,
        warnings: 0,
      });
      expect(
        (await store.listTargets({ entityRef: 'component:default/other' })).map(
          t => t.id,
        ),
      ).toEqual(['t3']);

      expect(await store.syncTargets([])).toEqual({
        added: 0,
        removed: 2,
        updated: 0,
      });
      expect(await store.listTargets()).toEqual([]);
    });

    it('records target health in batches; last success only moves when up; unknown targets are ignored', async () => {
      const { knex, store } = await createStore(databaseId);
      const ids = Array.from(
        { length: 450 },
        (_, i) => `t${String(i).padStart(3, '0')}`,
      );
      await store.syncTargets(
        ids.map(id => ({
          id,
          entityRef: ENTITY,
          url: `http://${id}/-/exceptions`,
          source: `http://${id}/-/exceptions`,
        })),
      );
      const up = (targetId: string, at: number): TargetHealthRecord => ({
        targetId,
        up: true,
        scrapedAt: at,
        instanceKey: `instance-${targetId}`,
        error: null,
        durationMs: 20,
        payloadBytes: 1024,
        errorKeys: 3,
        warnings: 1,
        firstWarning:
          "aggregated_errors[0].severity: 'fatal' is not a severity",
      });

      const recorder = recordStatements(knex);
      await store.recordTargetHealth([
        ...ids.map(id => up(id, T0)),
        up('nope', T0),
      ]);
      recorder.stop();
      // MySQL: three CASE updates of at most 200 rows; elsewhere one
      // UPDATE … FROM (VALUES …) of up to 1,000 rows
      expect(recorder.writes()).toHaveLength(databaseId === 'MYSQL_8' ? 3 : 1);

      await store.recordTargetHealth([
        {
          targetId: 't001',
          up: false,
          scrapedAt: T0 + MINUTE,
          instanceKey: null,
          error: 'timed out after 10s',
          durationMs: 10_000,
          payloadBytes: null,
          errorKeys: null,
          warnings: 0,
          firstWarning: null,
        },
      ]);

      const targets = await store.listTargets();
      expect(targets).toHaveLength(450);
      expect(targets.find(t => t.id === 't000')).toEqual({
        origin: 'scrape',
        id: 't000',
        entityRef: ENTITY,
        serviceName: null,
        url: 'http://t000/-/exceptions',
        source: 'http://t000/-/exceptions',
        unavailableReason: null,
        up: true,
        instanceKey: 'instance-t000',
        lastScrapeAt: T0,
        lastSuccessAt: T0,
        lastError: null,
        durationMs: 20,
        payloadBytes: 1024,
        errorKeys: 3,
        warnings: 1,
        firstWarning:
          "aggregated_errors[0].severity: 'fatal' is not a severity",
        limitNotice: null,
      });
      expect(targets.find(t => t.id === 't001')).toMatchObject({
        up: false,
        instanceKey: null,
        lastScrapeAt: T0 + MINUTE,
        lastSuccessAt: T0,
        lastError: 'timed out after 10s',
        durationMs: 10_000,
        payloadBytes: null,
        errorKeys: null,
        warnings: 0,
        firstWarning: null,
      });
      expect(targets.find(t => t.id === 't449')).toMatchObject({
        up: true,
        lastSuccessAt: T0,
      });
      expect(targets.find(t => t.id === 'nope')).toBeUndefined();
      await store.recordTargetHealth([]);
    });

    it('expires samples, buckets and instances, and rolls old minutes up into hours', async () => {
      const { knex, store } = await createStore(databaseId);
      const retentionMs = 30 * DAY;
      const fineBucketMaxAgeMs = DAY;
      const start = T0 - 40 * DAY;

      // an instance that reported long ago and never again
      await apply(store, {
        instance: 'gone',
        report: { K: { count: 1, samples: [sample('ancient', start)] } },
        now: start,
      });
      // a live instance: three minutes in one old hour, one in the next hour,
      // and a recent minute
      const oldHour = T0 - 3 * DAY;
      await apply(store, {
        instance: 'live',
        report: { K: { count: 2 } },
        now: oldHour + 5 * MINUTE,
      });
      await apply(store, {
        instance: 'live',
        report: { K: { count: 5, samples: [sample('recent', T0 - HOUR)] } },
        now: oldHour + 6 * MINUTE,
      });
      await apply(store, {
        instance: 'live',
        report: { K: { count: 6 } },
        now: oldHour + 59 * MINUTE,
      });
      await apply(store, {
        instance: 'live',
        report: { K: { count: 10 } },
        now: oldHour + 61 * MINUTE,
      });
      await apply(store, {
        instance: 'live',
        report: { K: { count: 11 } },
        now: T0 - 5 * MINUTE,
      });
      const { id } = await groupByKey(store, 'K');

      const result = await store.runRetention({
        now: T0,
        retentionMs,
        fineBucketMaxAgeMs,
        ...DEFAULT_LIFECYCLE,
      });
      expect(result).toEqual({
        samples: 1,
        occurrenceRows: 1,
        rolledUpRows: 4,
        instances: 1,
        idleGroups: 0,
        removedEntities: 0,
      });

      expect(
        await store.listOccurrences({
          groupId: id,
          from: T0 - 50 * DAY,
          to: T0 + HOUR,
        }),
      ).toEqual([
        { time: oldHour, count: 6 },
        { time: oldHour + HOUR, count: 4 },
        { time: T0 - 5 * MINUTE, count: 1 },
      ]);
      const resolutions = await knex('occurrences')
        .select('resolution', 'bucket_start')
        .orderBy('bucket_start');
      expect(resolutions.map(r => Number(r.resolution))).toEqual([
        3600, 3600, 60,
      ]);
      expect((await store.listSamples(id)).map(s => s.uuid)).toEqual([
        'recent',
      ]);
      expect(
        (await store.listInstanceCounts(id)).map(c => c.instanceKey),
      ).toEqual(['live']);
      expect(await knex('instances').pluck('instance_key')).toEqual(['live']);
      // lifetime totals are history and stay
      expect((await groupByKey(store, 'K')).totalCount).toBe(12);

      // nothing left to do
      expect(
        await store.runRetention({
          now: T0,
          retentionMs,
          fineBucketMaxAgeMs,
          ...DEFAULT_LIFECYCLE,
        }),
      ).toEqual({
        samples: 0,
        occurrenceRows: 0,
        rolledUpRows: 0,
        instances: 0,
        idleGroups: 0,
        removedEntities: 0,
      });

      // a later rollup into an existing hour bucket adds to it
      await knex('occurrences').insert({
        group_id: id,
        entity_ref: ENTITY,
        resolution: 60,
        bucket_start: oldHour + 30 * MINUTE,
        count: 7,
      });
      expect(
        (
          await store.runRetention({
            now: T0,
            retentionMs,
            fineBucketMaxAgeMs,
            ...DEFAULT_LIFECYCLE,
          })
        ).rolledUpRows,
      ).toBe(1);
      expect(
        await store.listOccurrences({
          groupId: id,
          from: oldHour,
          to: oldHour + HOUR,
        }),
      ).toEqual([{ time: oldHour, count: 13 }]);
    });

    it('keeps the per-entity occurrence sums equal to the group buckets through scrapes, rollup and expiry', async () => {
      const { knex, store } = await createStore(databaseId);
      const other = 'component:default/other';
      // two entities, two instances each, over three days
      let count = 0;
      for (let t = T0 - 3 * DAY; t <= T0; t += 7 * HOUR + 13 * MINUTE) {
        count += 1;
        for (const [entityRef, instance] of [
          [ENTITY, 'a1'],
          [ENTITY, 'a2'],
          [other, 'b1'],
          [other, 'b2'],
        ]) {
          await apply(store, {
            entityRef,
            instance,
            report: { K: { count: count * 2 }, L: { count } },
            now: t,
          });
        }
      }

      // what the overview reads must be what the group buckets add up to
      const expectMirror = async () => {
        const groupSums: Array<Record<string, unknown>> = await knex(
          'occurrences',
        )
          .select('entity_ref', 'resolution', 'bucket_start')
          .sum({ count: 'count' })
          .groupBy('entity_ref', 'resolution', 'bucket_start');
        const entityRows = await knex('entity_occurrences')
          .select('entity_ref', 'resolution', 'bucket_start', 'count')
          .whereIn('resolution', [60, 3600]);
        const asKey = (r: Record<string, unknown>) =>
          `${r.entity_ref} ${Number(r.resolution)} ${Number(
            r.bucket_start,
          )} ${Number(r.count)}`;
        expect(entityRows.map(asKey).sort()).toEqual(
          groupSums.map(asKey).sort(),
        );
        const hourTotals = new Map<string, number>();
        for (const r of groupSums) {
          const hour = Math.floor(Number(r.bucket_start) / HOUR) * HOUR;
          const key = `${r.entity_ref} 0 ${hour}`;
          hourTotals.set(key, (hourTotals.get(key) ?? 0) + Number(r.count));
        }
        const totals = await knex('entity_occurrences')
          .select('entity_ref', 'resolution', 'bucket_start', 'count')
          .where('resolution', 0);
        expect(totals.map(asKey).sort()).toEqual(
          [...hourTotals].map(([key, n]) => `${key} ${n}`).sort(),
        );
      };

      await expectMirror();
      const result = await store.runRetention({
        now: T0,
        retentionMs: 2 * DAY,
        fineBucketMaxAgeMs: DAY,
        ...DEFAULT_LIFECYCLE,
      });
      expect(result.occurrenceRows).toBeGreaterThan(0);
      expect(result.rolledUpRows).toBeGreaterThan(0);
      await expectMirror();

      const from = T0 - 2 * DAY;
      const to = T0 + HOUR;
      const overview = await store.getEntityAggregates({ from, to });
      for (const entityRef of [ENTITY, other]) {
        const [{ n }] = await knex('occurrences')
          .sum({ n: 'count' })
          .where('entity_ref', entityRef)
          .andWhere('bucket_start', '>=', from)
          .andWhere('bucket_start', '<', to);
        expect(Number(n)).toBeGreaterThan(0);
        expect(
          overview.find(row => row.entityRef === entityRef)?.occurrences,
        ).toBe(Number(n));
      }
    });

    it('keeps a quiet but live instance through retention', async () => {
      const { knex, store } = await createStore(databaseId);
      const report = { K: { count: 4 } };
      await apply(store, { instance: 'quiet', report, now: T0 });
      // the same payload every so often for 40 days
      for (let t = T0; t <= T0 + 40 * DAY; t += 6 * HOUR) {
        await apply(store, { instance: 'quiet', report, now: t });
      }
      const result = await store.runRetention({
        now: T0 + 40 * DAY,
        retentionMs: 30 * DAY,
        fineBucketMaxAgeMs: DAY,
        // the group is idle as long: this is about the instance
        groupIdleMs: 60 * DAY,
        removedEntityGraceMs: DEFAULT_LIFECYCLE.removedEntityGraceMs,
      });
      expect(result.instances).toBe(0);
      expect(
        Number((await knex('instance_counters').count({ n: '*' }))[0].n),
      ).toBe(1);
      // still known: the same payload again counts nothing
      expect(
        await apply(store, { instance: 'quiet', report, now: T0 + 41 * DAY }),
      ).toEqual({
        newOccurrences: 0,
        groupsChanged: 0,
        groupDeltas: [],
        transitions: [],
        foldedKeys: 0,
        limitNotice: null,
      });
      expect((await groupByKey(store, 'K')).totalCount).toBe(4);
    });
  });

  // SQLite runs on one connection, so nothing can race there.
  const serverIds = databases
    .eachSupportedId()
    .filter(([id]) => id !== 'SQLITE_3');
  const describeServers =
    serverIds.length > 0
      ? describe.each(serverIds)
      : describe.skip.each([['none']]);

  describeServers('with concurrent replicas on %p', databaseId => {
    it('talks to the server named by its connection string', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const result = await knex.raw('SELECT version() AS v');
      const version = String(
        databaseId === 'MYSQL_8' ? result[0][0].v : result.rows[0].v,
      );
      expect(version).toMatch(
        databaseId === 'MYSQL_8' ? /mariadb|^[0-9]/i : /PostgreSQL 15/,
      );
    });

    it('applies the same scrape exactly once when two replicas race on one instance', async () => {
      const { knex, store } = await createStore(databaseId as TestDatabaseId);
      const knex2 = secondClient(knex);
      try {
        const store2 = await createTestStore({
          database: databaseService(knex2),
          skipMigrations: true,
        });
        // Rounds of the same payload applied concurrently by both replicas,
        // several times each, the counter growing between rounds; the first
        // round also races on creating the instance and the group.
        let expected = 0;
        for (const [round, count] of [3, 8, 8, 20, 21].entries()) {
          const now = T0 + round * MINUTE;
          const report = {
            K: { count, samples: [sample(`s-${count}`, now - 1000)] },
          };
          const results = await Promise.all(
            [store, store2, store, store2].map(s =>
              apply(s, { instance: 'pod-a', report, now }),
            ),
          );
          const delta = count - expected;
          expected = count;
          expect(results.reduce((sum, r) => sum + r.newOccurrences, 0)).toBe(
            delta,
          );
        }
        const group = await groupByKey(store, 'K');
        expect(group.totalCount).toBe(21);
        const occurrences = await store.listOccurrences({
          groupId: group.id,
          from: T0,
          to: T0 + HOUR,
        });
        expect(occurrences.reduce((sum, o) => sum + o.count, 0)).toBe(21);
        expect(await store.listInstanceCounts(group.id)).toEqual([
          {
            instanceKey: 'pod-a',
            totalCount: 21,
            lastCount: 21,
            lastSeen: T0 + 4 * MINUTE,
          },
        ]);
      } finally {
        await knex2.destroy();
      }
    });

    it('adds concurrent deltas of many instances to one group and one bucket atomically', async () => {
      const { knex, store } = await createStore(databaseId as TestDatabaseId);
      const knex2 = secondClient(knex);
      try {
        const store2 = await createTestStore({
          database: databaseService(knex2),
          skipMigrations: true,
        });
        const instances = Array.from({ length: 12 }, (_, i) => `pod-${i}`);
        // all new: they race on creating the same two groups
        await Promise.all(
          instances.map((instance, i) =>
            apply(i % 2 ? store : store2, {
              instance,
              report: { A: { count: i + 1 }, B: { count: 1 } },
              now: T0,
            }),
          ),
        );
        await Promise.all(
          instances.map((instance, i) =>
            apply(i % 2 ? store2 : store, {
              instance,
              report: { A: { count: i + 3 }, B: { count: 2 } },
              now: T0 + 1000,
            }),
          ),
        );
        const a = await groupByKey(store, 'A');
        const b = await groupByKey(store, 'B');
        // sum(i + 1) + 2 per instance
        expect(a.totalCount).toBe(78 + 24);
        expect(b.totalCount).toBe(24);
        expect(
          await store.listOccurrences({
            groupId: a.id,
            from: T0,
            to: T0 + MINUTE,
          }),
        ).toEqual([{ time: T0, count: 102 }]);
        expect(
          Number((await knex('error_groups').count({ n: '*' }))[0].n),
        ).toBe(2);
      } finally {
        await knex2.destroy();
      }
    });
    it('keeps exact totals under many concurrent scrapes of many instances', async () => {
      const { knex, store } = await createStore(databaseId as TestDatabaseId);
      const knex2 = secondClient(knex);
      try {
        const store2 = await createTestStore({
          database: databaseService(knex2),
          skipMigrations: true,
        });
        const keys = ['K0', 'K1', 'K2', 'K3', 'K4', 'K5'];
        const instances = Array.from({ length: 16 }, (_, i) => `pod-${i}`);
        const counters = new Map<string, Record<string, number>>();
        const expected = new Map<string, number>(keys.map(k => [k, 0]));
        // deterministic pseudo-random reports: counters grow, sometimes restart
        let seed = 42;
        const random = () => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return seed / 2147483648;
        };
        for (let round = 0; round < 6; round++) {
          const now = T0 + round * 10_000;
          const work = instances.map(instance => {
            const previous = counters.get(instance) ?? {};
            const current: Record<string, number> = {};
            for (const key of keys) {
              if (random() < 0.7) {
                const last = previous[key];
                const restarted = last !== undefined && random() < 0.1;
                current[key] = restarted
                  ? Math.floor(random() * 3)
                  : (last ?? 0) + Math.floor(random() * 5);
                const delta =
                  last === undefined || current[key] < last
                    ? current[key]
                    : current[key] - last;
                expected.set(key, expected.get(key)! + delta);
              } else if (previous[key] !== undefined) {
                current[key] = previous[key]; // unchanged keys stay reported
              }
            }
            counters.set(instance, current);
            const report = Object.fromEntries(
              Object.entries(current).map(([key, count]) => [
                key,
                {
                  count,
                  samples: [sample(`${instance}-${key}-${count}`, now)],
                },
              ]),
            );
            // every scrape is also retried by the other replica
            return [store, store2].map(s =>
              apply(s, { instance, report, now }),
            );
          });
          await Promise.all(work.flat());
        }
        const stored = await store.listErrorGroups(ENTITY);
        expect(
          Object.fromEntries(stored.map(g => [g.aggregationKey, g.totalCount])),
        ).toEqual(
          // a key only ever reported with a zero count has a group with 0
          Object.fromEntries(
            [...expected].filter(
              ([key, total]) =>
                total > 0 || stored.some(g => g.aggregationKey === key),
            ),
          ),
        );
        const sums: Array<{ group_id: number | string; n: number | string }> =
          await knex('occurrences')
            .select('group_id')
            .sum({ n: 'count' })
            .groupBy('group_id');
        const totals = await knex('error_groups').select('id', 'total_count');
        for (const total of totals) {
          const sum = sums.find(r => Number(r.group_id) === Number(total.id));
          expect(Number(sum?.n ?? 0)).toBe(Number(total.total_count));
        }
      } finally {
        await knex2.destroy();
      }
    });
  });
});
