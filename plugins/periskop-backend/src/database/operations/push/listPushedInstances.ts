import { DbNumber, toNumber } from '../../tables';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { StoredTarget } from '../../types';
import { pushedInstanceUrl } from './pushedInstanceUrl';

/**
 * Pushed instances shown per entity, newest push first. A job that runs
 * every minute with a new collector each time is a new instance each
 * time; the health list shows the recent ones, retention forgets the rest.
 */
export const PUSHED_INSTANCES_LISTED = 50;

interface PushedInstanceRow {
  entity_ref: string;
  instance_key: string;
  last_push_at: DbNumber;
  payload_bytes: DbNumber;
  error_keys: DbNumber;
  warnings: DbNumber;
  first_warning: string | null;
  limit_notice: string | null;
}

/**
 * The instances of an entity that pushed their errors, as targets of
 * origin `push`: always up (an instance that stops pushing has finished,
 * it is not down), their last push as their last scrape and success.
 */
export async function listPushedInstances(
  db: StoreDatabase,
  entityRef: string,
): Promise<StoredTarget[]> {
  const rows: PushedInstanceRow[] = await db
    .knex('pushed_instances')
    .where('entity_ref', entityRef)
    .orderBy([
      { column: 'last_push_at', order: 'desc' },
      { column: 'instance_key' },
    ])
    .limit(PUSHED_INSTANCES_LISTED);
  return rows.map(row => {
    const at = toNumber(row.last_push_at);
    return {
      origin: 'push' as const,
      id: pushedInstanceUrl(row.instance_key),
      entityRef: row.entity_ref,
      serviceName: null,
      url: pushedInstanceUrl(row.instance_key),
      source: 'push',
      unavailableReason: null,
      up: true,
      instanceKey: row.instance_key,
      lastScrapeAt: at,
      lastSuccessAt: at,
      lastError: null,
      durationMs: null,
      payloadBytes: toNumber(row.payload_bytes),
      errorKeys: toNumber(row.error_keys),
      warnings: toNumber(row.warnings),
      firstWarning: row.first_warning,
      limitNotice: row.limit_notice,
    };
  });
}
