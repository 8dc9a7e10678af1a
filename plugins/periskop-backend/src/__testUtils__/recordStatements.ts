import { Knex } from 'knex';

/** Records the SQL statements the client sends (transactions included). */
export function recordStatements(knex: Knex) {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => {
    statements.push(query.sql);
  };
  knex.on('query', listener);
  return {
    statements,
    writes: () =>
      statements.filter(
        sql => !/^\s*(select|begin|commit|rollback|set)\b/i.test(sql),
      ),
    stop: () => knex.off('query', listener),
  };
}
