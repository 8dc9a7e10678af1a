import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { T0 } from '../__testUtils__/errorStore';

jest.setTimeout(60_000);

const MIGRATIONS_DIR = resolvePackagePath(
  '@periskop-backstage/plugin-periskop-backend',
  'migrations',
);
const MIGRATION = '20261213000000_error_notifications.js';
const databases = createTestDatabases();

/** Migrates one step at a time until `name` is the next one to run. */
async function migrateUntil(knex: Knex, name: string): Promise<void> {
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory: MIGRATIONS_DIR });
    if (pending[0]?.file === name) {
      return;
    }
    await knex.migrate.up({ directory: MIGRATIONS_DIR });
  }
}

describe(`migration ${MIGRATION}`, () => {
  it.each(databases.eachSupportedId())(
    'adds notified_at to the existing groups (never notified) and drops it going down, keeping what the groups own, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUntil(knex, MIGRATION);
      await knex('error_groups').insert({
        entity_ref: 'component:default/api',
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
      const { id: groupId } = await knex('error_groups').first('id');
      // a row that cascades with its group: dropping the column must not
      // rebuild error_groups (knex does that on SQLite) and delete it
      await knex('occurrences').insert({
        group_id: groupId,
        entity_ref: 'component:default/api',
        resolution: 60,
        bucket_start: T0,
        count: 1,
      });

      await knex.migrate.up({ directory: MIGRATIONS_DIR, name: MIGRATION });
      expect(
        await knex('error_groups').select('aggregation_key', 'notified_at'),
      ).toEqual([{ aggregation_key: 'K', notified_at: null }]);
      await knex('error_groups').update({ notified_at: T0 });
      const [row] = await knex('error_groups').select('notified_at');
      expect(Number(row.notified_at)).toBe(T0);

      await knex.migrate.down({ directory: MIGRATIONS_DIR, name: MIGRATION });
      expect(await knex.schema.hasColumn('error_groups', 'notified_at')).toBe(
        false,
      );
      // the groups stay
      expect(
        (await knex('error_groups').select('aggregation_key')).map(
          r => r.aggregation_key,
        ),
      ).toEqual(['K']);
      expect(
        (await knex('occurrences').select('group_id', 'count')).map(r => [
          Number(r.group_id),
          Number(r.count),
        ]),
      ).toEqual([[Number(groupId), 1]]);
    },
  );
});
