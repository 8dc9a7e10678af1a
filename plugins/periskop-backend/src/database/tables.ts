/**
 * The tables of the Periskop backend as the database returns them (see
 * `migrations/`), the columns' limits, and the conversions from rows to
 * the store's records. PostgreSQL returns BIGINT as strings and MySQL
 * booleans as 0/1, so raw values go through the converters below.
 */
import { StoredErrorGroup } from './types';

/** A BIGINT as a driver returns it. */
export type DbNumber = number | string;
/** A BOOLEAN as a driver returns it. */
export type DbBoolean = boolean | number | string;

/** `instances`: one process (target_uuid, or scrape URL) of an entity. */
export interface InstanceRow {
  id: DbNumber;
  entity_ref: string;
  instance_key: string;
  url: string;
  counters_digest: string | null;
  last_seen_at: DbNumber;
}

/** `error_groups`: one aggregation key of one entity. */
export interface GroupRow {
  id: DbNumber;
  entity_ref: string;
  aggregation_key: string;
  error_class: string;
  message: string;
  severity: string;
  status: string;
  regressed: DbBoolean;
  regressed_at: DbNumber | null;
  total_count: DbNumber;
  first_seen: DbNumber;
  last_seen: DbNumber;
  resolved_at: DbNumber | null;
  resolved_by: string | null;
}

/** `targets`: one scrape URL with its latest health. */
export interface TargetRow {
  id: string;
  entity_ref: string;
  url: string;
  source: string;
  unavailable_reason: string | null;
  up: DbBoolean | null;
  instance_key: string | null;
  last_scrape_at: DbNumber | null;
  last_success_at: DbNumber | null;
  last_error: string | null;
  duration_ms: DbNumber | null;
  payload_bytes: DbNumber | null;
  error_keys: DbNumber | null;
  warnings: DbNumber | null;
  first_warning: string | null;
  limit_notice: string | null;
  service_name: string | null;
  payload_digest: string | null;
  payload_applied_at: DbNumber | null;
}

/** `samples`: one stored occurrence; its error and HTTP context are in `sample_contents`. */
export interface SampleRow {
  group_id: DbNumber;
  uuid: string;
  timestamp: DbNumber;
  severity: string;
  /** `instances.id`; 0 for samples converted without a known instance. */
  instance_id: DbNumber;
  content_digest: string;
}

/** `sample_contents`: one distinct sample content; `data` is canonical JSON of `{ error, httpContext }`. */
export interface SampleContentRow {
  digest: string;
  data: string;
  last_used_at: DbNumber;
}

/** A row of `occurrences`: the count of one group in one time bucket. */
export interface OccurrenceRow {
  group_id: number;
  entity_ref: string;
  resolution: number;
  bucket_start: number;
  count: number;
}

/** A row of `entity_occurrences`: the sum of an entity's group buckets. */
export interface EntityOccurrenceRow {
  entity_ref: string;
  resolution: number;
  bucket_start: number;
  count: number;
}

/** Column sizes from the migration; longer identities go through `fitToColumn`. */
export const INSTANCE_KEY_LENGTH = 255;
export const UUID_LENGTH = 64;
export const RESOLVED_BY_LENGTH = 255;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** `resolution` of minute buckets, in seconds. */
export const MINUTE_RESOLUTION = 60;
/** `resolution` of hour buckets (rolled-up minutes), in seconds. */
export const HOUR_RESOLUTION = 3600;
/** Every bucket width, to let (resolution, bucket_start) indexes serve time ranges. */
export const RESOLUTIONS = [MINUTE_RESOLUTION, HOUR_RESOLUTION];
/**
 * The "resolution" of the hour totals in entity_occurrences: every
 * occurrence of an entity in the hour starting at bucket_start, whatever
 * the resolution of its group buckets.
 */
export const HOUR_TOTAL_RESOLUTION = 0;

export function toNumber(value: DbNumber): number {
  return Number(value);
}

export function toNullableNumber(
  value: DbNumber | null | undefined,
): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function toBoolean(value: DbBoolean): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

export function toNullableBoolean(
  value: DbBoolean | null | undefined,
): boolean | null {
  return value === null || value === undefined ? null : toBoolean(value);
}

/** The columns of a {@link GroupRow}. */
export const GROUP_COLUMNS = [
  'id',
  'entity_ref',
  'aggregation_key',
  'error_class',
  'message',
  'severity',
  'status',
  'regressed',
  'regressed_at',
  'total_count',
  'first_seen',
  'last_seen',
  'resolved_at',
  'resolved_by',
];

export function toStoredGroup(row: GroupRow): StoredErrorGroup {
  return {
    id: toNumber(row.id),
    entityRef: row.entity_ref,
    aggregationKey: row.aggregation_key,
    errorClass: row.error_class,
    message: row.message,
    severity: row.severity,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    regressed: toBoolean(row.regressed),
    regressedAt: toNullableNumber(row.regressed_at),
    totalCount: toNumber(row.total_count),
    firstSeen: toNumber(row.first_seen),
    lastSeen: toNumber(row.last_seen),
    resolvedAt: toNullableNumber(row.resolved_at),
    resolvedBy: row.resolved_by ?? null,
  };
}
