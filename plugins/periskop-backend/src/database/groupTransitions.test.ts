import { createTestDatabases } from '../__testUtils__/databases';
import {
  ENTITY,
  HOUR,
  MINUTE,
  T0,
  apply,
  createStoreOn,
  groupByKey,
  sample,
} from '../__testUtils__/errorStore';
import { GroupTransition } from '.';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** The transitions of some applies, by kind and key, in a stable order. */
function summarize(transitions: readonly GroupTransition[]) {
  return transitions
    .map(
      t => `${t.kind} ${t.aggregationKey} +${t.newOccurrences}=${t.totalCount}`,
    )
    .sort();
}

describe('transitions reported by applyInstanceScrape', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('reports a group as new once, with what a notification says, and a resolved group as regressed once', async () => {
      const { store } = await createStoreOn(databases, databaseId);

      const first = await apply(store, {
        instance: 'pod-a',
        report: {
          'TypeError@login': {
            count: 3,
            severity: 'warning',
            samples: [
              sample('s1', T0 - 1000, {
                severity: 'warning',
                error: {
                  class: 'TypeError',
                  message: 'x is undefined',
                  stacktrace: [],
                  cause: null,
                },
              }),
            ],
          },
          'RangeError@pay': { count: 2 },
        },
        now: T0,
      });
      const login = await groupByKey(store, 'TypeError@login');
      expect(first.transitions).toContainEqual({
        kind: 'new',
        groupId: login.id,
        entityRef: ENTITY,
        aggregationKey: 'TypeError@login',
        errorClass: 'TypeError',
        message: 'x is undefined',
        severity: 'warning',
        newOccurrences: 3,
        totalCount: 3,
        resolvedBy: null,
      });
      expect(summarize(first.transitions)).toEqual([
        'new RangeError@pay +2=2',
        'new TypeError@login +3=3',
      ]);

      // more of the same, and the same key from another instance: not new
      const more = await apply(store, {
        instance: 'pod-a',
        report: {
          'TypeError@login': { count: 5 },
          'RangeError@pay': { count: 2 },
        },
        now: T0 + MINUTE,
      });
      expect(more.newOccurrences).toBe(2);
      expect(more.transitions).toEqual([]);
      const other = await apply(store, {
        instance: 'pod-b',
        report: { 'TypeError@login': { count: 1 } },
        now: T0 + MINUTE,
      });
      expect(other.transitions).toEqual([]);

      await store.resolveErrorGroup(login.id, {
        by: 'user:default/alice',
        at: T0 + 2 * MINUTE,
      });
      // a payload without a new occurrence of it does not reopen it
      const quiet = await apply(store, {
        instance: 'pod-b',
        report: {
          'TypeError@login': { count: 1 },
          'RangeError@pay': { count: 1 },
        },
        now: T0 + 3 * MINUTE,
      });
      expect(quiet.transitions).toEqual([]);

      const reopened = await apply(store, {
        instance: 'pod-a',
        report: {
          'TypeError@login': { count: 7 },
          'RangeError@pay': { count: 2 },
        },
        now: T0 + 4 * MINUTE,
      });
      expect(reopened.transitions).toEqual([
        expect.objectContaining({
          kind: 'regressed',
          groupId: login.id,
          newOccurrences: 2,
          totalCount: 8,
          resolvedBy: 'user:default/alice',
        }),
      ]);
      const again = await apply(store, {
        instance: 'pod-a',
        report: {
          'TypeError@login': { count: 9 },
          'RangeError@pay': { count: 2 },
        },
        now: T0 + 5 * MINUTE,
      });
      expect(again.transitions).toEqual([]);
    });

    it('reports a key that two instances create at once as new exactly once', async () => {
      const { store } = await createStoreOn(databases, databaseId);
      const results = await Promise.all(
        ['pod-a', 'pod-b', 'pod-c'].map(instance =>
          apply(store, {
            instance,
            report: { 'Error@shared': { count: 4 } },
            now: T0,
          }),
        ),
      );
      expect(results.flatMap(r => summarize(r.transitions))).toHaveLength(1);
      expect((await groupByKey(store, 'Error@shared')).totalCount).toBe(12);
    });

    it('reports no transition of the overflow group', async () => {
      const { store } = await createStoreOn(databases, databaseId, {
        limits: { groupsPerEntity: 1, newGroupsPerTargetPerCycle: 10 },
      });
      const result = await apply(store, {
        instance: 'pod-a',
        report: {
          'A@1': { count: 1 },
          'B@2': { count: 1 },
          'C@3': { count: 1 },
        },
        now: T0,
      });
      expect(result.foldedKeys).toBe(2);
      // the one key that got a group of its own; the others are counted
      // in the overflow group, which is no error to notify about
      expect(result.transitions).toHaveLength(1);
      expect(result.transitions[0]).toMatchObject({
        kind: 'new',
        totalCount: 1,
      });
      expect(result.transitions[0].aggregationKey).toMatch(/^[ABC]@/);
    });
  });
});

describe('claimNotifications', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('claims a group once per quiet period, across concurrent claims', async () => {
      const { store } = await createStoreOn(databases, databaseId);
      await apply(store, {
        instance: 'pod-a',
        report: { 'A@1': { count: 1 }, 'B@2': { count: 1 } },
        now: T0,
      });
      const a = (await groupByKey(store, 'A@1')).id;
      const b = (await groupByKey(store, 'B@2')).id;
      const quietPeriodMs = HOUR;

      const concurrent = await Promise.all(
        [1, 2, 3].map(() =>
          store.claimNotifications([a], { now: T0, quietPeriodMs }),
        ),
      );
      expect(concurrent.flat()).toEqual([a]);

      // within the quiet period only the group not notified yet
      expect(
        await store.claimNotifications([a, b], {
          now: T0 + 30 * MINUTE,
          quietPeriodMs,
        }),
      ).toEqual([b]);
      // a quiet period after the first notification, a again
      expect(
        await store.claimNotifications([a, b], {
          now: T0 + HOUR,
          quietPeriodMs,
        }),
      ).toEqual([a]);
      // unknown ids are nobody's
      expect(
        await store.claimNotifications([999_999, 0], {
          now: T0 + 3 * HOUR,
          quietPeriodMs,
        }),
      ).toEqual([]);
    });
  });
});
