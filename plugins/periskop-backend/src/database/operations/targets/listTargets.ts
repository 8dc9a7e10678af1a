import { TargetRow, toNullableBoolean, toNullableNumber } from '../../tables';
import { StoredTarget } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { listPushedInstances } from '../push/listPushedInstances';

/**
 * Targets, optionally of one entity, ordered by entity and URL; for one
 * entity followed by its pushed instances (see `listPushedInstances`).
 */
export async function listTargets(
  db: StoreDatabase,
  options?: { entityRef?: string },
): Promise<StoredTarget[]> {
  const query = db
    .knex<TargetRow>('targets')
    .select('*')
    .orderBy([{ column: 'entity_ref' }, { column: 'url' }, { column: 'id' }]);
  if (options?.entityRef !== undefined) {
    query.where('entity_ref', options.entityRef);
  }
  const rows: TargetRow[] = await query;
  const scraped: StoredTarget[] = rows.map(row => ({
    origin: 'scrape' as const,
    id: row.id,
    entityRef: row.entity_ref,
    serviceName: row.service_name ?? null,
    url: row.url,
    source: row.source,
    unavailableReason: row.unavailable_reason ?? null,
    up: toNullableBoolean(row.up),
    instanceKey: row.instance_key ?? null,
    lastScrapeAt: toNullableNumber(row.last_scrape_at),
    lastSuccessAt: toNullableNumber(row.last_success_at),
    lastError: row.last_error ?? null,
    durationMs: toNullableNumber(row.duration_ms),
    payloadBytes: toNullableNumber(row.payload_bytes),
    errorKeys: toNullableNumber(row.error_keys),
    warnings: toNullableNumber(row.warnings) ?? 0,
    firstWarning: row.first_warning ?? null,
    limitNotice: row.limit_notice ?? null,
  }));
  if (options?.entityRef === undefined) {
    return scraped;
  }
  return [...scraped, ...(await listPushedInstances(db, options.entityRef))];
}
