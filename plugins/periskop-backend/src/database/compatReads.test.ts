import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ParsedPayload } from '@periskop-backstage/plugin-periskop-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { recordStatements } from '../__testUtils__/recordStatements';
import { applySeed, errorOf } from '../__testUtils__/seedPayloads';
import { createTestStore, TestStore } from '../__testUtils__/testStore';
import { OVERFLOW_GROUP_TITLE } from './operations/ingest/overflowGroup';
import { CompatReadStore } from './stores';
import { createPeriskopStores } from './createPeriskopStores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const MANY = 'component:default/many';
const CAPPED = 'component:default/capped';
const T0 = Date.parse('2026-12-01T12:00:00Z');

/** `groups` keys with `samples` samples each, one second apart, newest at `at`. */
function payload(
  targetUuid: string,
  groups: number,
  samples: number,
  at: number,
): ParsedPayload {
  return {
    targetUuid,
    aggregates: Array.from({ length: groups }, (_, g) => ({
      aggregationKey: `Error${g}@${String(g).padStart(8, '0')}`,
      totalCount: samples,
      severity: 'error' as const,
      createdAt: new Date(at - samples * 1000).toISOString(),
      samples: Array.from({ length: samples }, (__, s) => {
        const time = at - g * 60_000 - s * 1000;
        return {
          uuid: `${g}-${s}`,
          timestamp: new Date(time).toISOString(),
          timestampMs: time,
          severity: 'error' as const,
          error: errorOf(`Error${g}`, `sample ${s} of group ${g}`),
          httpContext: null,
        };
      }),
    })),
  };
}

async function setUp(databaseId: TestDatabaseId) {
  const knex: Knex = await databases.init(databaseId);
  const database = mockServices.database({ knex });
  const store: TestStore = await createTestStore({ database });
  // groups past the first two of an entity fold into its overflow group
  const capped = await createPeriskopStores({
    database,
    samplesPerError: 100,
    limits: { groupsPerEntity: 2, newGroupsPerTargetPerCycle: 250 },
  });
  await applySeed(store, {
    entityRef: MANY,
    payload: payload('many-1', 230, 3, T0),
    now: T0,
  });
  await applySeed(capped.ingest, {
    entityRef: CAPPED,
    payload: payload('capped-1', 5, 1, T0),
    now: T0,
  });
  return { knex, store, compat: capped.compat as CompatReadStore };
}

describe.each(databases.eachSupportedId())(
  'the compat reads on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof setUp>>;

    beforeAll(async () => {
      ctx = await setUp(databaseId);
    });

    it('reads the newest samples of every group, past one statement of groups', async () => {
      const recorder = recordStatements(ctx.knex);
      const groups = await ctx.compat.listServiceErrors({
        entityRef: MANY,
        samplesPerGroup: 2,
      });
      recorder.stop();
      // the groups, three statements of samples (100 groups each), the
      // contents: no statement per group
      expect(recorder.statements).toHaveLength(5);
      expect(groups).toHaveLength(230);
      // newest last seen first: group 0 is the newest
      expect(groups.slice(0, 3).map(g => g.aggregationKey)).toEqual([
        'Error0@00000000',
        'Error1@00000001',
        'Error2@00000002',
      ]);
      for (const group of groups) {
        const g = Number(
          group.aggregationKey.slice(5, group.aggregationKey.indexOf('@')),
        );
        expect(group.totalCount).toBe(3);
        expect(group.samples.map(s => [s.uuid, s.timestampMs])).toEqual([
          [`${g}-0`, T0 - g * 60_000],
          [`${g}-1`, T0 - g * 60_000 - 1000],
        ]);
        expect(group.samples[0].error.message).toBe(`sample 0 of group ${g}`);
      }
    });

    it('leaves out resolved groups', async () => {
      const [first] = await ctx.store.listErrorGroups(MANY);
      await ctx.store.resolveErrorGroup(first.id, { by: 'test', at: T0 });
      const open = await ctx.compat.listServiceErrors({
        entityRef: MANY,
        samplesPerGroup: 1,
      });
      expect(open).toHaveLength(229);
      expect(open.map(g => g.id)).not.toContain(first.id);
      expect(
        await ctx.compat.listServiceErrors({
          entityRef: 'component:default/none',
          samplesPerGroup: 1,
        }),
      ).toEqual([]);
    });

    it('lists the overflow group as a group, and finds it by its key', async () => {
      const groups = await ctx.compat.listServiceErrors({
        entityRef: CAPPED,
        samplesPerGroup: 100,
      });
      const overflow = groups.find(
        g => g.aggregationKey === OVERFLOW_GROUP_TITLE,
      );
      expect(groups).toHaveLength(3);
      expect(overflow).toEqual(
        expect.objectContaining({ totalCount: 3, status: 'open' }),
      );
      expect(overflow!.samples).toHaveLength(3);

      const found = await ctx.compat.findErrorGroupsByKey({
        entityRef: CAPPED,
        keys: ['nope', OVERFLOW_GROUP_TITLE],
      });
      expect(found.map(g => g.id)).toEqual([overflow!.id]);
    });

    it('finds groups by their exact key within one entity', async () => {
      const found = await ctx.compat.findErrorGroupsByKey({
        entityRef: MANY,
        keys: ['Error7@00000007', 'error7@00000007', 'Error7@0000000'],
      });
      expect(found.map(g => g.aggregationKey)).toEqual(['Error7@00000007']);
      expect(
        await ctx.compat.findErrorGroupsByKey({
          entityRef: CAPPED,
          keys: ['Error7@00000007'],
        }),
      ).toEqual([]);
      expect(
        await ctx.compat.findErrorGroupsByKey({ entityRef: MANY, keys: [] }),
      ).toEqual([]);
    });
  },
);
