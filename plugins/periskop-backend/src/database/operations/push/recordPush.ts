import { INSTANCE_KEY_LENGTH } from '../../tables';
import { fitToColumn, integer } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';

/** The health of one push of one instance. */
export interface PushRecord {
  entityRef: string;
  instanceKey: string;
  at: number;
  payloadBytes: number;
  errorKeys: number;
  warnings: number;
  firstWarning: string | null;
  limitNotice: string | null;
  /** The hash of the push key used, whose last use is recorded; absent for a token. */
  keyHash?: string;
}

/**
 * Records that an instance pushed (after its payload was applied): its
 * row in `pushed_instances`, and the key's last use.
 */
export async function recordPush(
  db: StoreDatabase,
  push: PushRecord,
): Promise<void> {
  const at = integer(push.at, 'at');
  const health = {
    last_push_at: at,
    payload_bytes: integer(push.payloadBytes, 'payloadBytes'),
    error_keys: integer(push.errorKeys, 'errorKeys'),
    warnings: integer(push.warnings, 'warnings'),
    first_warning: push.firstWarning,
    limit_notice: push.limitNotice,
  };
  await db
    .knex('pushed_instances')
    .insert({
      entity_ref: push.entityRef,
      instance_key: fitToColumn(push.instanceKey, INSTANCE_KEY_LENGTH),
      ...health,
    })
    .onConflict(['entity_ref', 'instance_key'])
    .merge(Object.keys(health));
  if (push.keyHash !== undefined) {
    await db
      .knex('push_keys')
      .where('key_hash', push.keyHash)
      .update({ last_used_at: at });
  }
}
