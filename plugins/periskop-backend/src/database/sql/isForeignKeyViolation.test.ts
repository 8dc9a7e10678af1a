import { createTestDatabases } from '../../__testUtils__/databases';
import { isForeignKeyViolation } from './isForeignKeyViolation';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('isForeignKeyViolation', () => {
  it.each(databases.eachSupportedId())(
    'recognises the error of a write that refers to a deleted row on %p, and only that',
    async databaseId => {
      const knex = await databases.init(databaseId);
      if (knex.client.config.client.includes('sqlite')) {
        await knex.raw('PRAGMA foreign_keys = ON');
      }
      await knex.schema.createTable('fk_parent', table => {
        table.integer('id').primary();
      });
      await knex.schema.createTable('fk_child', table => {
        table.integer('id').primary();
        table.integer('parent_id').references('id').inTable('fk_parent');
      });
      await knex('fk_parent').insert({ id: 1 });

      const gone = await knex('fk_child')
        .insert({ id: 1, parent_id: 2 })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(gone).toBeDefined();
      expect(isForeignKeyViolation(gone)).toBe(true);

      await knex('fk_child').insert({ id: 1, parent_id: 1 });
      const duplicate = await knex('fk_child')
        .insert({ id: 1, parent_id: 1 })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(duplicate).toBeDefined();
      expect(isForeignKeyViolation(duplicate)).toBe(false);
      expect(isForeignKeyViolation(new Error('nothing'))).toBe(false);
    },
  );
});
