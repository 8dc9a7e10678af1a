import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { T0 } from '../__testUtils__/errorStore';

jest.setTimeout(60_000);

const MIGRATIONS_DIR = resolvePackagePath(
  '@periskop-backstage/plugin-periskop-backend',
  'migrations',
);
const BEFORE = '20261203000000';
const MIGRATION = '20261203000001_entity_lifecycle.js';
const databases = createTestDatabases();

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

const LISTED = 'component:default/listed';
const GONE = 'component:default/gone';
const SERIES_ONLY = 'component:default/series-only';

describe('migration 20261203000001_entity_lifecycle', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('records existing entities as present when they have targets, as missing otherwise, and migrates back down', async () => {
      const knex = await databases.init(databaseId);
      await migrateTo(knex, BEFORE);

      for (const entityRef of [LISTED, GONE]) {
        await knex('error_groups').insert({
          entity_ref: entityRef,
          key_hash: 'k',
          aggregation_key: 'K',
          error_class: 'Error',
          message: 'K',
          severity: 'error',
          search_text: 'k',
          total_count: 1,
          first_seen: T0,
          last_seen: T0,
        });
        await knex('instances').insert({
          entity_ref: entityRef,
          instance_key: 'pod',
          url: 'http://pod/-/exceptions',
          last_seen_at: T0,
        });
      }
      await knex('entity_occurrences').insert({
        entity_ref: SERIES_ONLY,
        resolution: 60,
        bucket_start: T0,
        count: 2,
      });
      await knex('targets').insert({
        id: 't1',
        entity_ref: LISTED,
        url: 'http://pod/-/exceptions',
        source: 'http://pod/-/exceptions',
      });

      const before = Date.now();
      await knex.migrate.up({ directory: MIGRATIONS_DIR, name: MIGRATION });
      const rows = await knex('entity_presence')
        .select('entity_ref', 'missing_since')
        .orderBy('entity_ref');
      expect(rows.map(row => row.entity_ref)).toEqual([
        GONE,
        LISTED,
        SERIES_ONLY,
      ]);
      const missingSince = new Map(
        rows.map(row => [
          row.entity_ref,
          row.missing_since === null ? null : Number(row.missing_since),
        ]),
      );
      expect(missingSince.get(LISTED)).toBeNull();
      for (const entityRef of [GONE, SERIES_ONLY]) {
        expect(missingSince.get(entityRef)).toBeGreaterThanOrEqual(before);
        expect(missingSince.get(entityRef)).toBeLessThanOrEqual(Date.now());
      }
      // one row per entity
      expect(
        await knex('entity_presence')
          .insert({ entity_ref: LISTED })
          .then(
            () => 'inserted',
            () => 'refused',
          ),
      ).toBe('refused');

      await knex.migrate.down({ directory: MIGRATIONS_DIR, name: MIGRATION });
      expect(await knex.schema.hasTable('entity_presence')).toBe(false);
      // the data itself is untouched
      expect(Number((await knex('error_groups').count({ n: '*' }))[0].n)).toBe(
        2,
      );

      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasTable('entity_presence')).toBe(true);
    });
  });
});
