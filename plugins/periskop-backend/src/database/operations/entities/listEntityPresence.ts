import { DbNumber, toNullableNumber } from '../../tables';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** Every row of `entity_presence`: entity ref to `missing_since` (null while present). */
export async function listEntityPresence(
  db: StoreDatabase,
): Promise<Map<string, number | null>> {
  const rows: Array<{ entity_ref: string; missing_since: DbNumber | null }> =
    await db.knex('entity_presence').select('entity_ref', 'missing_since');
  return new Map(
    rows.map(row => [row.entity_ref, toNullableNumber(row.missing_since)]),
  );
}
