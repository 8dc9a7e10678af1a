import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { ENTITY, T0, hash } from '../__testUtils__/errorStore';

jest.setTimeout(60_000);

const MIGRATIONS_DIR = resolvePackagePath(
  '@periskop-backstage/plugin-periskop-backend',
  'migrations',
);
const BEFORE = '20261202000000';
const MIGRATION = '20261203000000_bounded_groups.js';
const databases = createTestDatabases();
/**
 * The error of a duplicate key on every database. Matched by message:
 * better-sqlite3's errors are not `instanceof Error` in a Jest worker.
 */
const DUPLICATE_KEY = expect.stringMatching(/unique|duplicate/i);

/** Migrates one step at a time up to (and including) `version`. */
async function migrateTo(knex: Knex, version: string): Promise<void> {
  for (;;) {
    const current = await knex.migrate.currentVersion({
      directory: MIGRATIONS_DIR,
    });
    // 'none' before the first migration
    if (current !== 'none' && current >= version) {
      return;
    }
    await knex.migrate.up({ directory: MIGRATIONS_DIR });
  }
}

async function insertGroup(
  knex: Knex,
  key: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const keyHash = (extra.key_hash as string | undefined) ?? hash(key);
  await knex('error_groups').insert({
    entity_ref: ENTITY,
    key_hash: keyHash,
    aggregation_key: key,
    error_class: 'Error',
    message: key,
    severity: 'error',
    search_text: key.toLowerCase(),
    total_count: 5,
    first_seen: T0,
    last_seen: T0,
    ...extra,
  });
  const [row] = await knex('error_groups')
    .where({ entity_ref: ENTITY, key_hash: keyHash })
    .select('id');
  return Number(row.id);
}

async function instance(knex: Knex, key: string) {
  await knex('instances').insert({
    entity_ref: ENTITY,
    instance_key: key,
    url: `http://${key}/-/exceptions`,
    last_seen_at: T0,
  });
  const [row] = await knex('instances')
    .where({ entity_ref: ENTITY, instance_key: key })
    .select('id');
  return Number(row.id);
}

const counters = async (knex: Knex) =>
  (
    await knex('instance_counters')
      .select('*')
      .orderBy(['instance_id', 'group_id'])
  ).map(row =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
      ]),
    ),
  );

describe('migration 20261203000000_bounded_groups', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keys counters by aggregation key, with a nullable group, and migrates back down', async () => {
      const knex = await databases.init(databaseId);
      await migrateTo(knex, BEFORE);

      const podA = await instance(knex, 'pod-a');
      const podB = await instance(knex, 'pod-b');
      const a = await insertGroup(knex, 'A');
      const b = await insertGroup(knex, 'B');
      await knex('instance_counters').insert([
        {
          instance_id: podA,
          group_id: a,
          last_count: 3,
          total_count: 3,
          last_seen: T0,
        },
        {
          instance_id: podA,
          group_id: b,
          last_count: 2,
          total_count: 4,
          last_seen: T0 + 1,
        },
        {
          instance_id: podB,
          group_id: a,
          last_count: 7,
          total_count: 7,
          last_seen: T0 + 2,
        },
      ]);
      await knex('samples').insert({
        group_id: a,
        uuid: 'u1',
        timestamp: T0,
        severity: 'error',
        instance_id: podA,
        content_digest: 'd',
      });
      await knex('targets').insert({
        id: 't1',
        entity_ref: ENTITY,
        url: 'http://pod-a/-/exceptions',
        source: 'test',
      });

      await knex.migrate.up({ directory: MIGRATIONS_DIR, name: MIGRATION });
      expect(await counters(knex)).toEqual([
        {
          instance_id: podA,
          key_hash: hash('A'),
          group_id: a,
          last_count: 3,
          total_count: 3,
          last_seen: T0,
        },
        {
          instance_id: podA,
          key_hash: hash('B'),
          group_id: b,
          last_count: 2,
          total_count: 4,
          last_seen: T0 + 1,
        },
        {
          instance_id: podB,
          key_hash: hash('A'),
          group_id: a,
          last_count: 7,
          total_count: 7,
          last_seen: T0 + 2,
        },
      ]);
      const groups = await knex('error_groups').select('overflow');
      expect(groups.map(g => Boolean(Number(g.overflow)))).toEqual([
        false,
        false,
      ]);
      const [target] = await knex('targets').select('limit_notice');
      expect(target.limit_notice).toBeNull();

      // one counter per (instance, key); several keys may share a group,
      // and a counter may have none
      await expect(
        knex('instance_counters').insert({
          instance_id: podA,
          key_hash: hash('A'),
          group_id: b,
          last_count: 1,
          total_count: 1,
          last_seen: T0,
        }),
      ).rejects.toMatchObject({ message: DUPLICATE_KEY });
      const overflowId = await insertGroup(knex, 'Other errors', {
        key_hash: 'overflow',
        overflow: true,
      });
      await knex('instance_counters').insert([
        {
          instance_id: podB,
          key_hash: hash('C'),
          group_id: overflowId,
          last_count: 4,
          total_count: 4,
          last_seen: T0,
        },
        {
          instance_id: podB,
          key_hash: hash('D'),
          group_id: overflowId,
          last_count: 5,
          total_count: 5,
          last_seen: T0,
        },
        {
          instance_id: podB,
          key_hash: hash('E'),
          group_id: null,
          last_count: 6,
          total_count: 6,
          last_seen: T0,
        },
      ]);
      // the lifecycle nulls group_id itself; where foreign keys are on, the
      // database does it too
      await knex('instance_counters')
        .where('group_id', b)
        .update({ group_id: null });
      await knex('error_groups').where('id', b).delete();
      expect(
        (await counters(knex))
          .filter(c => c.group_id === null)
          .map(c => c.key_hash)
          .sort(),
      ).toEqual([hash('B'), hash('E')].sort());

      // down: only counters of a key's own group survive; nothing else is lost
      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await counters(knex)).toEqual([
        {
          instance_id: podA,
          group_id: a,
          last_count: 3,
          total_count: 3,
          last_seen: T0,
        },
        {
          instance_id: podB,
          group_id: a,
          last_count: 7,
          total_count: 7,
          last_seen: T0 + 2,
        },
      ]);
      expect(await knex.schema.hasColumn('error_groups', 'overflow')).toBe(
        false,
      );
      expect(await knex.schema.hasColumn('targets', 'limit_notice')).toBe(
        false,
      );
      expect(
        (await knex('error_groups').select('id').orderBy('id')).map(r =>
          Number(r.id),
        ),
      ).toEqual([a, overflowId]);
      expect(Number((await knex('samples').count({ n: '*' }))[0].n)).toBe(1);
      // the earlier shape: one counter per (instance, group)
      await expect(
        knex('instance_counters').insert({
          instance_id: podA,
          group_id: a,
          last_count: 1,
          total_count: 1,
          last_seen: T0,
        }),
      ).rejects.toMatchObject({ message: DUPLICATE_KEY });

      // and up again
      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      expect((await counters(knex)).map(c => [c.key_hash, c.group_id])).toEqual(
        [
          [hash('A'), a],
          [hash('A'), a],
        ],
      );
    });
  });
});
