import { createTestDatabases } from '../__testUtils__/databases';
import { apply, createStoreOn, T0 } from '../__testUtils__/errorStore';
import { ErrorGroupQuery } from './types';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Refs a PostgreSQL array literal must escape, and plain ones. */
const QUOTED = 'component:default/say-"hi"';
const BACKSLASHED = 'component:default/back\\slash';
const PLAIN = 'component:default/plain';

function query(entityRefs: readonly string[]): ErrorGroupQuery {
  return {
    entityRefs,
    status: 'all',
    sort: 'lastSeen',
    order: 'desc',
    limit: 10,
    offset: 0,
  };
}

/*
 * The org-wide search's scope: a set of entity refs bound into one
 * statement (see `whereEntityRefIn`). The router tests cover the search
 * itself; these cover what they cannot reach: sets beyond the bind limits,
 * refs that need escaping, and entities that discovery no longer lists.
 */
describe('queryErrorGroups over a set of entities', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('takes sets of any size, whatever the refs contain', async () => {
      const { store } = await createStoreOn(databases, databaseId);
      for (const [i, entityRef] of [QUOTED, BACKSLASHED, PLAIN].entries()) {
        await apply(store, {
          entityRef,
          instance: `pod-${i}`,
          report: { [`Key${i}`]: { count: 1, lastSeen: T0 - i } },
          now: T0,
        });
      }
      const keysOf = async (refs: readonly string[]) =>
        (await store.queryErrorGroups(query(refs))).items.map(
          g => `${g.entityRef} ${g.aggregationKey}`,
        );

      expect(await keysOf([QUOTED, BACKSLASHED])).toEqual([
        `${QUOTED} Key0`,
        `${BACKSLASHED} Key1`,
      ]);
      expect(await keysOf([PLAIN, PLAIN])).toEqual([`${PLAIN} Key2`]);
      expect(await keysOf([])).toEqual([]);
      expect(await store.queryErrorGroups(query([]))).toEqual({
        items: [],
        totalItems: 0,
        severityCounts: {},
      });

      // more refs than PostgreSQL (65,535) or SQLite (32,766) could bind
      // one by one
      const many = Array.from(
        { length: 70_000 },
        (_, i) => `component:default/service-${i}`,
      );
      many.splice(50_000, 0, BACKSLASHED);
      const page = await store.queryErrorGroups(query(many));
      expect(page.items.map(g => g.entityRef)).toEqual([BACKSLASHED]);
      expect(page.totalItems).toBe(1);
    });

    it('hides the groups of entities that discovery no longer lists', async () => {
      const { store } = await createStoreOn(databases, databaseId);
      for (const entityRef of [PLAIN, QUOTED]) {
        await apply(store, {
          entityRef,
          instance: 'pod',
          report: { Key: { count: 1 } },
          now: T0,
        });
      }
      const targetOf = (entityRef: string) => ({
        id: `${entityRef}|pod`,
        entityRef,
        url: 'http://pod:8080/-/exceptions',
        source: 'http://pod:8080/-/exceptions',
      });
      // discovery lists both, then only PLAIN
      await store.syncTargets([targetOf(PLAIN), targetOf(QUOTED)], {
        now: T0 + 1,
      });
      expect(
        (await store.queryErrorGroups(query([PLAIN, QUOTED]))).totalItems,
      ).toBe(2);
      await store.syncTargets([targetOf(PLAIN)], { now: T0 + 2 });
      const page = await store.queryErrorGroups(query([PLAIN, QUOTED]));
      expect(page.items.map(g => g.entityRef)).toEqual([PLAIN]);
      expect(page.totalItems).toBe(1);
      expect(page.severityCounts).toEqual({ error: 1 });
    });
  });
});
