import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../../__testUtils__/databases';
import {
  DAY,
  ENTITY,
  HOUR,
  MINUTE,
  T0,
  apply,
  createStoreOn,
  groupByKey,
  ReportedKey,
} from '../../../__testUtils__/errorStore';
import { TestStore } from '../../../__testUtils__/testStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const GROUPS = 600;
const key = (n: number) => `K${String(n).padStart(3, '0')}`;
/** The card's window at T0 + 30 min: the 24 hours up to the end of T0's hour. */
const WINDOW = { from: T0 + HOUR - DAY, to: T0 + HOUR, stepMs: HOUR };

/**
 * More groups than the card ever fetched (500), so that counts and ranking
 * are only right when computed over every group: 600 old groups, a few of
 * them with recent occurrences, two regressed ones, one resolved one, one
 * new one, and a louder entity next door.
 */
async function seed(store: TestStore) {
  const all: Record<string, ReportedKey> = {};
  for (let n = 0; n < GROUPS; n++) {
    all[key(n)] = { count: 1, firstSeen: T0 - 2 * DAY - MINUTE };
  }
  await apply(store, { instance: 'pod-a', now: T0 - 2 * DAY, report: all });
  // unchanged keys keep their old last seen: the fake aggregator only
  // writes what moved
  await apply(store, {
    instance: 'pod-a',
    now: T0 + 10 * MINUTE,
    report: {
      ...all,
      K005: { count: 10 },
      K010: { count: 5, lastSeen: T0 + 10 * MINUTE },
      K020: { count: 5, lastSeen: T0 + 12 * MINUTE },
    },
  });
  for (const resolved of ['K550', 'K560', 'K570']) {
    const { id } = await groupByKey(store, resolved);
    await store.resolveErrorGroup(id, { by: 'user:default/al', at: T0 });
  }
  await apply(store, {
    instance: 'pod-a',
    now: T0 + 20 * MINUTE,
    report: {
      ...all,
      K005: { count: 10 },
      K010: { count: 5 },
      K020: { count: 5 },
      K550: { count: 2 },
      K560: { count: 2, lastSeen: T0 + 19 * MINUTE },
      K600: { count: 2, firstSeen: T0 + 15 * MINUTE },
    },
  });
  await apply(store, {
    entityRef: 'component:default/loud',
    instance: 'pod-b',
    now: T0 + 20 * MINUTE,
    report: { LOUD: { count: 1000 } },
  });
}

describe('getErrorSummary', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let store: TestStore;

    beforeAll(async () => {
      // one scrape creates all 600 groups: no cap folds any of them
      ({ store } = await createStoreOn(
        databases,
        databaseId as TestDatabaseId,
        {
          limits: { groupsPerEntity: 1000, newGroupsPerTargetPerCycle: 1000 },
        },
      ));
      await seed(store);
    });

    it('counts over every group of the entity, exactly', async () => {
      const summary = await store.getErrorSummary({
        entityRef: ENTITY,
        window: WINDOW,
        top: 5,
      });
      expect(summary).toMatchObject({
        openErrors: GROUPS, // 600 old + 1 new - 1 still resolved
        regressedErrors: 2,
        newErrors: 1,
        occurrences: 9 + 4 + 4 + 1 + 1 + 2,
        targetsUp: 0,
        targetsTotal: 0,
      });
    });

    it('ranks open groups by occurrences in the window, then by last seen', async () => {
      const { top } = await store.getErrorSummary({
        entityRef: ENTITY,
        window: WINDOW,
        top: 5,
      });
      expect(top.map(g => g.aggregationKey)).toEqual([
        'K005',
        'K020',
        'K010',
        'K600',
        'K550',
      ]);
      expect(top[0].sparkline).toHaveLength(24);
      expect(top[0].sparkline[23]).toBe(9);
      expect(top[0].sparkline.slice(0, 23).every(n => n === 0)).toBe(true);
      expect(top.find(g => g.aggregationKey === 'K550')?.regressed).toBe(true);
    });

    it('fills up with quiet open groups and leaves resolved ones out', async () => {
      const { top } = await store.getErrorSummary({
        entityRef: ENTITY,
        window: WINDOW,
        top: 50,
      });
      expect(top).toHaveLength(50);
      expect(top.slice(0, 6).map(g => g.aggregationKey)).toEqual([
        'K005',
        'K020',
        'K010',
        'K600',
        'K550',
        'K560',
      ]);
      const quiet = top.slice(6);
      expect(
        quiet.every(g => g.sparkline.reduce((a, b) => a + b, 0) === 0),
      ).toBe(true);
      expect(top.every(g => g.status === 'open')).toBe(true);
      expect(top.some(g => g.aggregationKey === 'K570')).toBe(false);
    });

    it('answers zeros and no groups for an entity without data, and no groups for top 0', async () => {
      await expect(
        store.getErrorSummary({
          entityRef: 'component:default/unknown',
          window: WINDOW,
          top: 5,
        }),
      ).resolves.toEqual({
        openErrors: 0,
        regressedErrors: 0,
        newErrors: 0,
        occurrences: 0,
        targetsUp: 0,
        targetsTotal: 0,
        top: [],
      });
      const none = await store.getErrorSummary({
        entityRef: ENTITY,
        window: WINDOW,
        top: 0,
      });
      expect(none.top).toEqual([]);
      expect(none.openErrors).toBe(GROUPS);
    });
  });
});
