import { GROUP_COLUMNS, GroupRow, toStoredGroup } from '../../tables';
import { StoredErrorGroup } from '../../types';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';
import { notMissingEntitySql } from '../entities/missingEntities';

/**
 * The groups of one entity whose stored aggregation key is one of `keys`,
 * whatever their status, ordered by id. Nothing for an entity missing from
 * discovery.
 *
 * @remarks
 * Compared with the stored key, not its `key_hash`: the hash is of the key
 * as the client sent it, while the stored (and shown) key is redacted, and
 * the overflow group's hash is no hash at all. The entity's groups are
 * few (capped per entity) and found by the index that starts with
 * entity_ref; the comparison is exact on every database (MySQL's columns
 * have a binary collation). Two raw keys that redact to the same text are
 * two groups with one shown key, so more than one group can match.
 */
export async function findErrorGroupsByKey(
  db: StoreDatabase,
  options: { entityRef: string; keys: readonly string[] },
): Promise<StoredErrorGroup[]> {
  if (options.keys.length === 0) {
    return [];
  }
  const rows: GroupRow[] = await db
    .knex('error_groups as g')
    .select(GROUP_COLUMNS.map(column => `g.${column}`))
    .where('g.entity_ref', options.entityRef)
    .whereIn('g.aggregation_key', options.keys)
    .whereRaw(
      notMissingEntitySql(db, `${quote(db, 'g')}.${quote(db, 'entity_ref')}`),
    )
    .orderBy('g.id');
  return rows.map(toStoredGroup);
}
