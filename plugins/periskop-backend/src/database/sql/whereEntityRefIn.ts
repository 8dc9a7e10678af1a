import { Knex } from 'knex';
import { StoreDatabase } from './StoreDatabase';

/**
 * Restricts `column` to a set of entity refs of any size in one statement,
 * so that a page, its total and its severity counts are all taken over the
 * same set (chunked statements could not be paged together).
 *
 * @remarks
 * PostgreSQL and SQLite get the set as one bound value rather than one
 * parameter per ref, which would hit their bind limits (65,535 and 32,766)
 * at a few tens of thousands of entities: a text array on PostgreSQL
 * (`= ANY`, hashed by the executor), a JSON array on SQLite (`json_each`,
 * which SQLite turns into an ephemeral index). MySQL's driver writes the
 * values into the statement text, so a plain `IN` list has no such limit.
 * An empty set matches nothing.
 */
export function whereEntityRefIn<T extends Knex.QueryBuilder>(
  db: StoreDatabase,
  builder: T,
  column: string,
  entityRefs: readonly string[],
): T {
  if (entityRefs.length === 0) {
    return builder.whereRaw('1 = 0') as T;
  }
  switch (db.dialect) {
    case 'pg':
      return builder.whereRaw('?? = ANY(?::text[])', [
        column,
        postgresTextArray(entityRefs),
      ]) as T;
    case 'sqlite':
      return builder.whereRaw('?? IN (SELECT value FROM json_each(?))', [
        column,
        JSON.stringify(entityRefs),
      ]) as T;
    default:
      return builder.whereIn(column, [...entityRefs]) as T;
  }
}

/** A PostgreSQL array literal of texts: every element quoted, `"` and `\` escaped. */
export function postgresTextArray(values: readonly string[]): string {
  return `{${values
    .map(value => `"${value.replace(/[\\"]/g, match => `\\${match}`)}"`)
    .join(',')}}`;
}
