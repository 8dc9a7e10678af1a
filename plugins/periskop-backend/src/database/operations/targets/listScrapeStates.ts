import { DbNumber, toNullableNumber, toNumber } from '../../tables';
import { TargetScrapeState } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * The scrape state of every target that has a payload digest, by target
 * id, in one statement: what lets a scrape skip a payload it has stored.
 */
export async function listScrapeStates(
  db: StoreDatabase,
): Promise<Map<string, TargetScrapeState>> {
  const rows: Array<{
    id: string;
    payload_digest: string;
    payload_applied_at: DbNumber;
    counters_digest: string | null;
    instance_key: string | null;
    error_keys: DbNumber | null;
    warnings: DbNumber | null;
    first_warning: string | null;
  }> = await db
    .knex('targets')
    .select(
      'id',
      'payload_digest',
      'payload_applied_at',
      'counters_digest',
      'instance_key',
      'error_keys',
      'warnings',
      'first_warning',
    )
    .whereNotNull('payload_digest')
    .whereNotNull('payload_applied_at');
  return new Map(
    rows.map(row => [
      row.id,
      {
        targetId: row.id,
        payloadDigest: row.payload_digest,
        payloadAppliedAt: toNumber(row.payload_applied_at),
        countersDigest: row.counters_digest ?? null,
        instanceKey: row.instance_key ?? null,
        errorKeys: toNullableNumber(row.error_keys),
        warnings: toNullableNumber(row.warnings) ?? 0,
        firstWarning: row.first_warning ?? null,
      },
    ]),
  );
}
