import { DbNumber, toNullableNumber } from '../../tables';
import { TargetScrapeState } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * The scrape state of every stored target, by target id, in one
 * statement: what orders a cycle (least recently scraped first) and lets a
 * scrape skip a payload it has stored.
 */
export async function listScrapeStates(
  db: StoreDatabase,
): Promise<Map<string, TargetScrapeState>> {
  const rows: Array<{
    id: string;
    last_scrape_at: DbNumber | null;
    payload_digest: string | null;
    payload_applied_at: DbNumber | null;
    counters_digest: string | null;
    instance_key: string | null;
    error_keys: DbNumber | null;
    warnings: DbNumber | null;
    first_warning: string | null;
  }> = await db
    .knex('targets')
    .select(
      'id',
      'last_scrape_at',
      'payload_digest',
      'payload_applied_at',
      'counters_digest',
      'instance_key',
      'error_keys',
      'warnings',
      'first_warning',
    );
  return new Map(
    rows.map(row => [
      row.id,
      {
        targetId: row.id,
        lastScrapeAt: toNullableNumber(row.last_scrape_at),
        payloadDigest: row.payload_digest ?? null,
        payloadAppliedAt: toNullableNumber(row.payload_applied_at),
        countersDigest: row.counters_digest ?? null,
        instanceKey: row.instance_key ?? null,
        errorKeys: toNullableNumber(row.error_keys),
        warnings: toNullableNumber(row.warnings) ?? 0,
        firstWarning: row.first_warning ?? null,
      },
    ]),
  );
}
