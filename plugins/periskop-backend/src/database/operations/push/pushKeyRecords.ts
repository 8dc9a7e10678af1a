import { DbNumber, toNullableNumber, toNumber } from '../../tables';

/** `push_keys`: the hashed push key of one entity. */
export interface PushKeyRow {
  entity_ref: string;
  key_hash: string;
  hint: string;
  created_at: DbNumber;
  created_by: string;
  last_used_at: DbNumber | null;
}

/** A stored push key, without its hash. Times in ms since the epoch. */
export interface StoredPushKey {
  entityRef: string;
  hint: string;
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
}

/** The record of a row. */
export function toStoredPushKey(row: PushKeyRow): StoredPushKey {
  return {
    entityRef: row.entity_ref,
    hint: row.hint,
    createdAt: toNumber(row.created_at),
    createdBy: row.created_by,
    lastUsedAt: toNullableNumber(row.last_used_at),
  };
}
