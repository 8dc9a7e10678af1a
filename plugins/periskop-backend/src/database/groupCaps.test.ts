import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  ENTITY,
  HOUR,
  MINUTE,
  T0,
  apply,
  createStoreOn,
  groupByKey,
  hash,
  ReportedKey,
  sample,
} from '../__testUtils__/errorStore';
import { TestStore } from '../__testUtils__/testStore';
import { GroupLimits } from '.';
import { OVERFLOW_GROUP_TITLE } from './operations/ingest/overflowGroup';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** `count` distinct keys, key n counting `n + 1 + extra`. */
function keys(count: number, extra = 0): Record<string, ReportedKey> {
  const report: Record<string, ReportedKey> = {};
  for (let n = 0; n < count; n++) {
    report[`K${String(n).padStart(4, '0')}`] = { count: n + 1 + extra };
  }
  return report;
}

async function groups(store: TestStore, entityRef = ENTITY) {
  const all = await store.listErrorGroups(entityRef);
  const overflow = all.filter(g => g.aggregationKey === OVERFLOW_GROUP_TITLE);
  return {
    own: all.filter(g => g.aggregationKey !== OVERFLOW_GROUP_TITLE),
    overflow,
    total: all.reduce((sum, g) => sum + g.totalCount, 0),
  };
}

/** The entity's occurrences as the overview counts them (hour totals). */
async function entityTotal(knex: Knex, entityRef = ENTITY): Promise<number> {
  const [row] = await knex('entity_occurrences')
    .where({ entity_ref: entityRef, resolution: 0 })
    .sum({ n: 'count' });
  return Number(row.n ?? 0);
}

async function occurrencesOf(store: TestStore, groupId: number) {
  const buckets = await store.listOccurrences({
    groupId,
    from: T0 - HOUR,
    to: T0 + 10 * HOUR,
  });
  return buckets.reduce((sum, b) => sum + b.count, 0);
}

function storeWith(databaseId: TestDatabaseId, limits: GroupLimits) {
  return createStoreOn(databases, databaseId, { limits });
}

describe('caps on error groups', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('counts keys past the entity cap exactly in one overflow group, through increases and a restart', async () => {
      const { knex, store } = await storeWith(databaseId, {
        groupsPerEntity: 1000,
        newGroupsPerTargetPerCycle: 2000,
      });
      const sumOf = (n: number, extra: number) => (n * (n + 1)) / 2 + n * extra;

      // 1,050 keys counting 1..1050: the 50 with the fewest occurrences fold
      const first = await apply(store, {
        instance: 'pod-a',
        report: keys(1050),
        now: T0,
      });
      expect(first).toMatchObject({
        newOccurrences: sumOf(1050, 0),
        foldedKeys: 50,
        limitNotice:
          '50 error keys folded into "Other errors (over the group cap)": the entity has 1000 groups (periskop.limits.groupsPerEntity)',
      });
      let stored = await groups(store);
      expect(stored.own).toHaveLength(1000);
      expect(stored.overflow).toHaveLength(1);
      const overflow = stored.overflow[0];
      expect(overflow.totalCount).toBe(sumOf(50, 0));
      expect(stored.total).toBe(sumOf(1050, 0));
      expect(await entityTotal(knex)).toBe(sumOf(1050, 0));
      expect(await occurrencesOf(store, overflow.id)).toBe(sumOf(50, 0));
      await expect(groupByKey(store, 'K0049')).rejects.toThrow('no group');
      expect((await groupByKey(store, 'K0050')).totalCount).toBe(51);
      // the folded keys' counters point to the overflow group
      const counters = await knex('instance_counters')
        .where('group_id', overflow.id)
        .count({ n: '*' });
      expect(Number(counters[0].n)).toBe(50);

      // every count up by 2: the overflow group gets exactly the 50 keys' share
      const second = await apply(store, {
        instance: 'pod-a',
        report: keys(1050, 2),
        now: T0 + MINUTE,
      });
      // the entity is still at its cap, so the 50 keys that occurred again
      // are folded again, and the notice says so while it lasts
      expect(second).toMatchObject({
        newOccurrences: 2100,
        foldedKeys: 50,
        limitNotice: first.limitNotice,
      });
      stored = await groups(store);
      expect(stored.own).toHaveLength(1000);
      expect(stored.overflow.map(g => [g.id, g.totalCount])).toEqual([
        [overflow.id, sumOf(50, 0) + 100],
      ]);
      expect((await groupByKey(store, 'K0050')).totalCount).toBe(53);
      expect(stored.total).toBe(sumOf(1050, 0) + 2100);

      // a restart: every counter starts again at 1, which is all new
      await apply(store, {
        instance: 'pod-a',
        report: Object.fromEntries(
          Object.keys(keys(1050)).map(k => [k, { count: 1 }]),
        ),
        now: T0 + 2 * MINUTE,
      });
      stored = await groups(store);
      expect(stored.overflow[0].totalCount).toBe(sumOf(50, 0) + 100 + 50);
      expect((await groupByKey(store, 'K0050')).totalCount).toBe(54);
      expect(stored.total).toBe(sumOf(1050, 0) + 2100 + 1050);
      expect(await entityTotal(knex)).toBe(stored.total);
      expect(await occurrencesOf(store, overflow.id)).toBe(
        stored.overflow[0].totalCount,
      );

      // another instance: a key with a group counts there, a new one folds
      await apply(store, {
        instance: 'pod-b',
        report: { K0500: { count: 7 }, NEW: { count: 4 } },
        now: T0 + 3 * MINUTE,
      });
      stored = await groups(store);
      expect(stored.own).toHaveLength(1000);
      expect(stored.overflow[0].totalCount).toBe(sumOf(50, 0) + 150 + 4);
      expect((await groupByKey(store, 'K0500')).totalCount).toBe(
        501 + 2 + 1 + 7,
      );
      // per instance, the overflow group sums the instance's folded keys
      const details = await store.getErrorDetails(stored.overflow[0]);
      expect(details.instances.map(i => [i.instanceKey, i.totalCount])).toEqual(
        [
          ['pod-a', sumOf(50, 0) + 150],
          ['pod-b', 4],
        ],
      );
    });

    it('folds what one scrape creates past the per-scrape cap, and gives those keys their own groups on their next occurrences', async () => {
      const { store } = await storeWith(databaseId, {
        groupsPerEntity: 1000,
        newGroupsPerTargetPerCycle: 10,
      });
      const first = await apply(store, {
        instance: 'pod-a',
        report: {
          ...keys(15),
          // samples of a folded key are kept with the overflow group
          K0000: { count: 1, samples: [sample('folded-1', T0 - 1000)] },
        },
        now: T0,
      });
      expect(first.foldedKeys).toBe(5);
      expect(first.limitNotice).toBe(
        '5 error keys folded into "Other errors (over the group cap)": one scrape of a target may create 10 groups (periskop.limits.newGroupsPerTargetPerCycle)',
      );
      let stored = await groups(store);
      expect(stored.own).toHaveLength(10);
      expect(stored.overflow[0].totalCount).toBe(1 + 2 + 3 + 4 + 5);
      expect(stored.total).toBe((15 * 16) / 2);
      const overflowSamples = await store.listSamples(stored.overflow[0].id);
      expect(overflowSamples.map(s => s.uuid)).toEqual(['folded-1']);
      // the title stays, whatever the samples say
      expect(stored.overflow[0].message).toBe(OVERFLOW_GROUP_TITLE);

      // the per-scrape cap only delays groups: the next scrape has room, so
      // the folded keys that occur again get their own groups; what they
      // counted before stays in the overflow group
      const second = await apply(store, {
        instance: 'pod-a',
        report: { ...keys(15, 1), LATER: { count: 3 } },
        now: T0 + MINUTE,
      });
      expect(second).toMatchObject({ foldedKeys: 0, limitNotice: null });
      stored = await groups(store);
      expect(stored.own.map(g => g.aggregationKey)).toContain('LATER');
      expect(stored.own).toHaveLength(16);
      expect(stored.overflow[0].totalCount).toBe(15);
      expect((await groupByKey(store, 'K0000')).totalCount).toBe(1);
      expect(stored.total).toBe((15 * 16) / 2 + 15 + 3);

      // and then count there, per instance too
      await apply(store, {
        instance: 'pod-a',
        report: { ...keys(15, 3), LATER: { count: 3 } },
        now: T0 + 2 * MINUTE,
      });
      const k0 = await groupByKey(store, 'K0000');
      expect(k0.totalCount).toBe(3);
      const details = await store.getErrorDetails(k0);
      expect(details.instances.map(i => [i.instanceKey, i.totalCount])).toEqual(
        [['pod-a', 3]],
      );
      expect((await groups(store)).overflow[0].totalCount).toBe(15);
    });

    it('has one overflow group and exact totals when two instances of an entity pass the cap at once', async () => {
      const { store } = await storeWith(databaseId, {
        groupsPerEntity: 20,
        newGroupsPerTargetPerCycle: 1000,
      });
      const report = (prefix: string) =>
        Object.fromEntries(
          Array.from({ length: 30 }, (_, n) => [
            `${prefix}${n}`,
            { count: n + 1 },
          ]),
        );
      await Promise.all(
        ['a', 'b'].map(prefix =>
          apply(store, {
            instance: `pod-${prefix}`,
            report: report(prefix),
            now: T0,
          }),
        ),
      );
      const stored = await groups(store);
      expect(stored.overflow).toHaveLength(1);
      expect(stored.total).toBe(2 * ((30 * 31) / 2));
      // each apply creates at most the room it saw
      expect(stored.own.length).toBeGreaterThanOrEqual(20);
      expect(stored.own.length).toBeLessThanOrEqual(40);
    });

    it('creates a deleted group again only for new occurrences, with first seen now', async () => {
      const { knex, store } = await storeWith(databaseId, {
        groupsPerEntity: 1000,
        newGroupsPerTargetPerCycle: 1000,
      });
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 5, firstSeen: T0 - HOUR }, Z: { count: 0 } },
        now: T0,
      });
      // a key that never occurred has a counter but no group
      await expect(groupByKey(store, 'Z')).rejects.toThrow('no group');
      const [z] = await knex('instance_counters').where('key_hash', hash('Z'));
      expect(z.group_id).toBeNull();

      // as the lifecycle deletes an idle group: the counter keeps its count
      const { id } = await groupByKey(store, 'K');
      await knex('instance_counters')
        .where('group_id', id)
        .update({ group_id: null });
      await knex('occurrences').where('group_id', id).delete();
      await knex('error_groups').where('id', id).delete();

      // the same count again (next to a moving key): nothing is counted
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 5 }, Z: { count: 0 }, Y: { count: 1 } },
        now: T0 + MINUTE,
      });
      await expect(groupByKey(store, 'K')).rejects.toThrow('no group');

      // two more: a fresh group with exactly those, first seen now
      const later = T0 + 2 * MINUTE;
      await apply(store, {
        instance: 'pod-a',
        report: {
          K: { count: 7, firstSeen: T0 - HOUR },
          Z: { count: 0 },
          Y: { count: 1 },
        },
        now: later,
      });
      const fresh = await groupByKey(store, 'K');
      expect(fresh.id).not.toBe(id);
      expect(fresh.totalCount).toBe(2);
      expect(fresh.firstSeen).toBe(later);
      const details = await store.getErrorDetails(fresh);
      expect(details.instances.map(i => [i.instanceKey, i.totalCount])).toEqual(
        [['pod-a', 2]],
      );
    });
  });
});
