import { Knex } from 'knex';
import { ScrapeTarget } from '../discovery/types';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  DAY,
  ENTITY,
  HOUR,
  MINUTE,
  T0,
  apply,
  createStoreOn,
  groupByKey,
  hash,
  sample,
} from '../__testUtils__/errorStore';
import { TestStore } from '../__testUtils__/testStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const OTHER = 'component:default/other';

/** Retention that removes nothing by age, so each test sees only the lifecycle. */
const KEEP_BY_AGE = {
  retentionMs: 365 * DAY,
  fineBucketMaxAgeMs: 2 * DAY,
};

function target(entityRef: string, name: string): ScrapeTarget {
  const url = `http://${name}:8080/-/exceptions`;
  return { id: `${entityRef}|${name}`, entityRef, url, source: url };
}

async function countRows(
  knex: Knex,
  table: string,
  where: Record<string, unknown> = {},
): Promise<number> {
  const [{ n }] = await knex(table).where(where).count({ n: '*' });
  return Number(n);
}

/** Rows of every table that holds data of `entityRef`. */
async function rowsOf(knex: Knex, entityRef: string) {
  const groupIds = knex('error_groups')
    .select('id')
    .where('entity_ref', entityRef);
  const instanceIds = knex('instances')
    .select('id')
    .where('entity_ref', entityRef);
  const count = async (query: Knex.QueryBuilder) =>
    Number((await query.count({ n: '*' }))[0].n);
  return {
    groups: await count(knex('error_groups').where('entity_ref', entityRef)),
    samples: await count(knex('samples').whereIn('group_id', groupIds)),
    occurrences: await count(
      knex('occurrences').where('entity_ref', entityRef),
    ),
    entityOccurrences: await count(
      knex('entity_occurrences').where('entity_ref', entityRef),
    ),
    counters: await count(
      knex('instance_counters').whereIn('instance_id', instanceIds),
    ),
    instances: await count(knex('instances').where('entity_ref', entityRef)),
    presence: await count(
      knex('entity_presence').where('entity_ref', entityRef),
    ),
  };
}

/** Everything the API shows of `entityRef`: overview row, list, card, group by id. */
async function shown(store: TestStore, entityRef: string, groupId: number) {
  const window = { from: T0 - 30 * DAY, to: T0 + HOUR };
  const overview = await store.getEntityAggregates(window);
  const restricted = await store.getEntityAggregates({
    ...window,
    entityRefs: [entityRef],
  });
  const list = await store.queryErrorGroups({
    entityRef,
    status: 'all',
    sort: 'lastSeen',
    order: 'desc',
    limit: 25,
    offset: 0,
  });
  const summary = await store.getErrorSummary({
    entityRef,
    window: { ...window, stepMs: DAY },
    top: 5,
  });
  return {
    inOverview: overview.some(row => row.entityRef === entityRef),
    inRestrictedOverview: restricted.length,
    listed: list.totalItems,
    cardOpen: summary.openErrors,
    cardTop: summary.top.length,
    byId: (await store.getErrorGroup(groupId)) !== undefined,
  };
}

const VISIBLE = {
  inOverview: true,
  inRestrictedOverview: 1,
  listed: 1,
  cardOpen: 1,
  cardTop: 1,
  byId: true,
};
const HIDDEN = {
  inOverview: false,
  inRestrictedOverview: 0,
  listed: 0,
  cardOpen: 0,
  cardTop: 0,
  byId: false,
};

describe('data lifecycle', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    describe('idle groups', () => {
      /**
       * One instance reports four keys: Idle and Resolved last occur 40
       * days before T0, Regressed regresses 35 days before T0 and stays
       * open, Recent occurs a day before T0.
       */
      async function seed() {
        const { knex, store } = await createStoreOn(databases, databaseId);
        const t1 = T0 - 40 * DAY;
        await apply(store, {
          instance: 'pod-a',
          report: {
            Idle: { count: 2, samples: [sample('idle-1', t1 - MINUTE)] },
            Resolved: { count: 1 },
            Regressed: { count: 1 },
            Recent: { count: 1 },
          },
          now: t1,
        });
        for (const key of ['Resolved', 'Regressed']) {
          await store.resolveErrorGroup((await groupByKey(store, key)).id, {
            by: 'user:default/ada',
            at: t1 + HOUR,
          });
        }
        await apply(store, {
          instance: 'pod-a',
          report: {
            Idle: { count: 2 },
            Resolved: { count: 1 },
            Regressed: { count: 2 },
            Recent: { count: 1 },
          },
          now: T0 - 35 * DAY,
        });
        await apply(store, {
          instance: 'pod-a',
          report: {
            Idle: { count: 2 },
            Resolved: { count: 1 },
            Regressed: { count: 2 },
            Recent: { count: 3 },
          },
          now: T0 - DAY,
        });
        return { knex, store };
      }

      it('deletes groups idle for longer than the idle time with their samples and buckets, and keeps recent ones and open regressions', async () => {
        const { knex, store } = await seed();
        const idle = await groupByKey(store, 'Idle');
        const resolved = await groupByKey(store, 'Resolved');
        expect(idle.lastSeen).toBe(T0 - 40 * DAY);
        expect(await countRows(knex, 'samples', { group_id: idle.id })).toBe(1);
        expect(
          await countRows(knex, 'occurrences', { group_id: idle.id }),
        ).toBeGreaterThan(0);
        const entityBuckets = await countRows(knex, 'entity_occurrences');

        // 41 days is more than anything here has been idle: nothing goes
        const lenient = await store.runRetention({
          now: T0,
          ...KEEP_BY_AGE,
          groupIdleMs: 41 * DAY,
          removedEntityGraceMs: 7 * DAY,
        });
        expect(lenient.idleGroups).toBe(0);

        const result = await store.runRetention({
          now: T0,
          ...KEEP_BY_AGE,
          groupIdleMs: 30 * DAY,
          removedEntityGraceMs: 7 * DAY,
        });
        expect(result.idleGroups).toBe(2);
        expect(
          (await store.listErrorGroups(ENTITY)).map(g => g.aggregationKey),
        ).toEqual(['Recent', 'Regressed']);
        expect(await groupByKey(store, 'Regressed')).toMatchObject({
          status: 'open',
          regressed: true,
        });
        for (const { id } of [idle, resolved]) {
          expect(await countRows(knex, 'samples', { group_id: id })).toBe(0);
          expect(await countRows(knex, 'occurrences', { group_id: id })).toBe(
            0,
          );
          expect(
            await countRows(knex, 'instance_counters', { group_id: id }),
          ).toBe(0);
        }
        // the counters stay, without a group, with their last counts
        const counters = await knex('instance_counters')
          .whereIn('key_hash', [hash('Idle'), hash('Resolved')])
          .select('key_hash', 'group_id', 'last_count')
          .orderBy('last_count');
        expect(
          counters.map(c => [c.key_hash, c.group_id, Number(c.last_count)]),
        ).toEqual([
          [hash('Resolved'), null, 1],
          [hash('Idle'), null, 2],
        ]);
        // the entity's history stays (it expires with retention)
        expect(await countRows(knex, 'entity_occurrences')).toBe(entityBuckets);
        // nothing more to do
        expect(
          (
            await store.runRetention({
              now: T0,
              ...KEEP_BY_AGE,
              groupIdleMs: 30 * DAY,
              removedEntityGraceMs: 7 * DAY,
            })
          ).idleGroups,
        ).toBe(0);
      });

      it('deletes idle groups in batches past the kept ones, over more groups than one batch holds', async () => {
        const { knex, store } = await createStoreOn(databases, databaseId, {
          limits: { groupsPerEntity: 5000, newGroupsPerTargetPerCycle: 5000 },
        });
        const names = Array.from(
          { length: 1200 },
          (_, n) => `K${String(n).padStart(4, '0')}`,
        );
        const counts = (bump: (n: number) => number) =>
          Object.fromEntries(
            names.map((name, n) => [name, { count: 1 + bump(n) }]),
          );
        await apply(store, {
          instance: 'pod-a',
          report: counts(() => 0),
          now: T0 - 40 * DAY,
        });
        // every third key occurs again, so kept and idle groups alternate
        await apply(store, {
          instance: 'pod-a',
          report: counts(n => (n % 3 === 0 ? 1 : 0)),
          now: T0 - DAY,
        });

        const result = await store.runRetention({
          now: T0,
          ...KEEP_BY_AGE,
          groupIdleMs: 30 * DAY,
          removedEntityGraceMs: 7 * DAY,
        });
        expect(result.idleGroups).toBe(800);
        expect(await countRows(knex, 'error_groups')).toBe(400);
      });

      it('does not count a deleted group again for an unchanged count, and creates it again with exactly the new occurrences', async () => {
        const { store } = await seed();
        await store.runRetention({
          now: T0,
          ...KEEP_BY_AGE,
          groupIdleMs: 30 * DAY,
          removedEntityGraceMs: 7 * DAY,
        });

        // another key moves, so the payload is applied, not skipped
        expect(
          await apply(store, {
            instance: 'pod-a',
            report: {
              Idle: { count: 2 },
              Resolved: { count: 1 },
              Regressed: { count: 2 },
              Recent: { count: 4 },
            },
            now: T0 + MINUTE,
          }),
        ).toMatchObject({ newOccurrences: 1 });
        expect(
          (await store.listErrorGroups(ENTITY)).map(g => g.aggregationKey),
        ).toEqual(['Recent', 'Regressed']);

        expect(
          await apply(store, {
            instance: 'pod-a',
            report: {
              Idle: { count: 5 },
              Resolved: { count: 1 },
              Regressed: { count: 2 },
              Recent: { count: 4 },
            },
            now: T0 + 2 * MINUTE,
          }),
        ).toMatchObject({ newOccurrences: 3 });
        expect(await groupByKey(store, 'Idle')).toMatchObject({
          totalCount: 3,
          status: 'open',
          lastSeen: T0 + 2 * MINUTE,
        });
        expect(
          (await store.listErrorGroups(ENTITY)).map(g => g.aggregationKey),
        ).not.toContain('Resolved');
      });
    });

    describe('entities missing from discovery', () => {
      const SYNCED = T0 + HOUR;

      /** Two entities with a group, a sample, buckets and a counter each, both listed. */
      async function seed() {
        const { knex, store } = await createStoreOn(databases, databaseId);
        for (const entityRef of [ENTITY, OTHER]) {
          await apply(store, {
            entityRef,
            instance: 'pod-a',
            report: { K: { count: 3, samples: [sample(entityRef, T0)] } },
            now: T0,
          });
        }
        await store.syncTargets(
          [target(ENTITY, 'pod-a'), target(OTHER, 'pod-a')],
          { now: T0 },
        );
        const groupId = (await groupByKey(store, 'K')).id;
        const before = await rowsOf(knex, ENTITY);
        expect(before).toEqual({
          groups: 1,
          samples: 1,
          occurrences: 1,
          entityOccurrences: 2,
          counters: 1,
          instances: 1,
          presence: 1,
        });
        return { knex, store, groupId, before };
      }

      const retention = (store: TestStore, now: number) =>
        store.runRetention({
          now,
          ...KEEP_BY_AGE,
          groupIdleMs: 365 * DAY,
          removedEntityGraceMs: 7 * DAY,
        });

      it('hides an entity that left the catalog at once, keeps its data through the grace period and deletes all of it after', async () => {
        const { knex, store, groupId, before } = await seed();
        const otherGroupId = (await groupByKey(store, 'K', OTHER)).id;
        expect(await shown(store, ENTITY, groupId)).toEqual(VISIBLE);

        await store.syncTargets([target(OTHER, 'pod-a')], { now: SYNCED });
        expect(await shown(store, ENTITY, groupId)).toEqual(HIDDEN);
        expect(await shown(store, OTHER, otherGroupId)).toEqual(VISIBLE);

        // a later sync without it does not move the start of its grace
        await store.syncTargets([target(OTHER, 'pod-a')], {
          now: SYNCED + 3 * DAY,
        });
        expect(
          (await retention(store, SYNCED + 7 * DAY - 1)).removedEntities,
        ).toBe(0);
        expect(await rowsOf(knex, ENTITY)).toEqual(before);

        expect(
          (await retention(store, SYNCED + 7 * DAY + 1)).removedEntities,
        ).toBe(1);
        expect(await rowsOf(knex, ENTITY)).toEqual({
          groups: 0,
          samples: 0,
          occurrences: 0,
          entityOccurrences: 0,
          counters: 0,
          instances: 0,
          presence: 0,
        });
        expect(await rowsOf(knex, OTHER)).toEqual(before);
        expect(await shown(store, OTHER, otherGroupId)).toEqual(VISIBLE);

        // back after the grace period: it starts afresh, counted from zero
        await store.syncTargets(
          [target(ENTITY, 'pod-a'), target(OTHER, 'pod-a')],
          { now: SYNCED + 8 * DAY },
        );
        await apply(store, {
          instance: 'pod-a',
          report: { K: { count: 3 } },
          now: SYNCED + 8 * DAY,
        });
        expect((await groupByKey(store, 'K')).totalCount).toBe(3);
      });

      it('deletes the push key and the pushed instances of an entity gone past its grace, and forgets instances that stopped pushing', async () => {
        const { knex, store } = await seed();
        for (const entityRef of [ENTITY, OTHER]) {
          await knex('push_keys').insert({
            entity_ref: entityRef,
            key_hash: `hash-${entityRef}`,
            hint: 'abcd',
            created_at: T0,
            created_by: 'user:default/owner',
          });
          await knex('pushed_instances').insert([
            {
              entity_ref: entityRef,
              instance_key: 'run-old',
              last_push_at: T0,
              payload_bytes: 10,
              error_keys: 1,
            },
            {
              entity_ref: entityRef,
              instance_key: 'run-new',
              last_push_at: SYNCED + 7 * DAY,
              payload_bytes: 10,
              error_keys: 1,
            },
          ]);
        }
        await store.syncTargets([target(OTHER, 'pod-a')], { now: SYNCED });
        await store.runRetention({
          now: SYNCED + 7 * DAY + 1,
          retentionMs: 3 * DAY,
          fineBucketMaxAgeMs: 2 * DAY,
          groupIdleMs: 365 * DAY,
          removedEntityGraceMs: 7 * DAY,
        });

        expect(await knex('push_keys').pluck('entity_ref')).toEqual([OTHER]);
        // the other entity's old run is past the retention of 3 days
        const left = await knex('pushed_instances')
          .select('entity_ref', 'instance_key')
          .orderBy('instance_key');
        expect(left).toEqual([{ entity_ref: OTHER, instance_key: 'run-new' }]);
      });

      it('keeps everything of an entity that comes back within the grace period', async () => {
        const { knex, store, groupId, before } = await seed();
        await store.syncTargets([target(OTHER, 'pod-a')], { now: SYNCED });
        await store.syncTargets(
          [target(ENTITY, 'pod-b'), target(OTHER, 'pod-a')],
          { now: SYNCED + 6 * DAY },
        );
        expect(await shown(store, ENTITY, groupId)).toEqual(VISIBLE);
        expect(
          (await retention(store, SYNCED + 30 * DAY)).removedEntities,
        ).toBe(0);
        expect(await rowsOf(knex, ENTITY)).toEqual(before);

        // gone again later: the grace period starts again
        await store.syncTargets([target(OTHER, 'pod-a')], {
          now: SYNCED + 31 * DAY,
        });
        expect(
          (await retention(store, SYNCED + 37 * DAY)).removedEntities,
        ).toBe(0);
        expect(
          (await retention(store, SYNCED + 38 * DAY + 1)).removedEntities,
        ).toBe(1);
      });

      it('loses nothing through a catalog hiccup that lists no entity for a while', async () => {
        const { knex, store, groupId, before } = await seed();
        await store.syncTargets([], { now: SYNCED });
        expect(await shown(store, ENTITY, groupId)).toEqual(HIDDEN);
        expect(await retention(store, SYNCED + DAY)).toMatchObject({
          removedEntities: 0,
        });
        await store.syncTargets(
          [target(ENTITY, 'pod-a'), target(OTHER, 'pod-a')],
          { now: SYNCED + DAY },
        );
        expect(
          (await retention(store, SYNCED + 60 * DAY)).removedEntities,
        ).toBe(0);
        expect(await rowsOf(knex, ENTITY)).toEqual(before);
        expect(await rowsOf(knex, OTHER)).toEqual(before);
        expect(await shown(store, ENTITY, groupId)).toEqual(VISIBLE);
        // the same count again counts nothing: the counters survived
        await store.syncTargets(
          [target(ENTITY, 'pod-a'), target(OTHER, 'pod-a')],
          { now: SYNCED + 2 * DAY },
        );
        expect(
          await apply(store, {
            instance: 'pod-a',
            report: { K: { count: 3 } },
            now: SYNCED + 2 * DAY,
          }),
        ).toMatchObject({ newOccurrences: 0 });
      });

      it('keeps an entity whose annotation still stands but has no valid entry: it is in the catalog, not gone', async () => {
        const { knex, store, groupId, before } = await seed();
        // a typo leaves the annotation with no valid entry: no targets,
        // but discovery still lists the entity as annotated
        await store.syncTargets([target(OTHER, 'pod-a')], {
          now: SYNCED,
          entityRefs: [ENTITY, OTHER],
        });
        expect(await shown(store, ENTITY, groupId)).toEqual(VISIBLE);
        expect(
          (await retention(store, SYNCED + 30 * DAY)).removedEntities,
        ).toBe(0);
        expect(await rowsOf(knex, ENTITY)).toEqual(before);

        // once the annotation is gone too, the grace period starts
        await store.syncTargets([target(OTHER, 'pod-a')], {
          now: SYNCED + 31 * DAY,
          entityRefs: [OTHER],
        });
        expect(await shown(store, ENTITY, groupId)).toEqual(HIDDEN);
        expect(
          (await retention(store, SYNCED + 38 * DAY + 1)).removedEntities,
        ).toBe(1);
      });

      it('keeps the data of an entity that has targets, whatever its presence row says', async () => {
        const { knex, store, before } = await seed();
        await store.syncTargets([target(OTHER, 'pod-a')], { now: SYNCED });
        // as a replica racing another could leave it
        await knex('targets').insert({
          id: 'late',
          entity_ref: ENTITY,
          url: 'http://late/-/exceptions',
          source: 'http://late/-/exceptions',
        });
        expect((await retention(store, SYNCED + 8 * DAY)).removedEntities).toBe(
          0,
        );
        expect(await rowsOf(knex, ENTITY)).toEqual(before);
      });
    });
  });
});
