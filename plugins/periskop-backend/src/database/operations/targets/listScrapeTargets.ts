import { ScrapeTarget } from '../../../discovery/types';
import { StoreDatabase } from '../../sql/StoreDatabase';

/**
 * The stored target list as discovery last wrote it (see `syncTargets`),
 * ordered by id: what the scrape tasks of a sharded fleet scrape, so that
 * only one task per cycle reads the catalog and DNS.
 */
export async function listScrapeTargets(
  db: StoreDatabase,
): Promise<ScrapeTarget[]> {
  const rows: Array<{
    id: string;
    entity_ref: string;
    url: string;
    source: string;
    unavailable_reason: string | null;
    service_name: string | null;
  }> = await db
    .knex('targets')
    .select(
      'id',
      'entity_ref',
      'url',
      'source',
      'unavailable_reason',
      'service_name',
    )
    .orderBy('id');
  return rows.map(row => ({
    id: row.id,
    entityRef: row.entity_ref,
    url: row.url,
    source: row.source,
    ...(row.unavailable_reason
      ? { unavailableReason: row.unavailable_reason }
      : {}),
    ...(row.service_name !== null ? { serviceName: row.service_name } : {}),
  }));
}
