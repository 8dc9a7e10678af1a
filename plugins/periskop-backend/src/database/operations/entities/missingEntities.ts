import { Knex } from 'knex';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';

/*
 * The API hides the data of an entity that discovery no longer lists
 * (left the catalog, lost its annotation) from the moment it goes missing
 * until retention deletes it, or until it is listed again. An entity
 * without a presence row is shown: rows are written by discovery's sync.
 */

/** A subquery with a row when `entityRef` is missing; for `whereNotExists`. */
export function missingEntity(
  db: StoreDatabase,
  entityRef: string,
): Knex.QueryBuilder {
  return db
    .knex('entity_presence')
    .select('entity_ref')
    .where('entity_ref', entityRef)
    .whereNotNull('missing_since');
}

/**
 * SQL that is true when the entity ref in `column` (a quoted, qualified
 * column of the outer statement) is not missing; binds nothing.
 */
export function notMissingEntitySql(db: StoreDatabase, column: string): string {
  const q = (identifier: string) => quote(db, identifier);
  return `NOT EXISTS (SELECT 1 FROM ${q('entity_presence')} ${q('m')}
WHERE ${q('m')}.${q('entity_ref')} = ${column}
AND ${q('m')}.${q('missing_since')} IS NOT NULL)`;
}
