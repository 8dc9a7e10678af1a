/**
 * Types of the HTTP API of the Periskop backend plugin (under
 * `/api/periskop`). JSON, camelCase; every time is an ISO-8601 string.
 */

import type { PeriskopSeverity } from '../payload/types';
import type {
  ERROR_SORT_FIELDS,
  ERROR_STATUS_FILTERS,
  ERROR_STATUSES,
  OVERVIEW_SORT_FIELDS,
  SORT_ORDERS,
} from './values';

/**
 * Whether an error group still needs attention.
 * @public
 */
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

/**
 * One error of one entity: every occurrence of one aggregation key, summed
 * over all instances and restarts.
 * @public
 */
export interface ErrorGroup {
  /** Surrogate id, used in URLs (aggregation keys contain `/`, `#`, spaces). */
  id: string;
  /** The owning entity, e.g. `component:default/api-auth`. */
  entityRef: string;
  /** The client's aggregation key, verbatim. */
  aggregationKey: string;
  /** Error class of the most recent sample. */
  class: string;
  /** Message of the most recent sample. */
  message: string;
  /** Severity of the most recent sample. */
  severity: PeriskopSeverity;
  status: ErrorStatus;
  /** True when the group reopened because it occurred again after a resolve. */
  regressed: boolean;
  /** When the group last reopened because of a new occurrence after a resolve. */
  regressedAt: string | null;
  /** Lifetime occurrences, exact and restart-safe. */
  totalCount: number;
  firstSeen: string;
  lastSeen: string;
  /** When it was last resolved; `null` if it never was. */
  resolvedAt: string | null;
  /** User entity ref of who resolved it last; `null` if nobody did. */
  resolvedBy: string | null;
  /**
   * Occurrences per hour over the last 24 hours, oldest first; only in
   * list answers asked with `sparkline=true`.
   */
  sparkline?: number[];
}

/**
 * An error inside a sample, with its cause chain.
 * @public
 */
export interface SampleError {
  class: string;
  message: string;
  stacktrace: string[];
  cause: SampleError | null;
}

/**
 * The request during which a sampled error happened, with sensitive headers
 * already replaced by `[REDACTED]`.
 * @public
 */
export interface SampleHttpContext {
  requestMethod: string;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
}

/**
 * One stored occurrence of an error group.
 * @public
 */
export interface Sample {
  /** The client's uuid; samples are de-duplicated by it. */
  uuid: string;
  timestamp: string;
  severity: PeriskopSeverity;
  /** The process that reported it: its `target_uuid`, or the scrape URL. */
  instance: string;
  error: SampleError;
  httpContext: SampleHttpContext | null;
}

/**
 * How often one instance reported an error group.
 * @public
 */
export interface ErrorInstanceCount {
  /** `target_uuid` of the process, or the scrape URL. */
  instance: string;
  totalCount: number;
  lastSeen: string;
}

/**
 * Answer of `GET /errors/:id`: the group, its samples (newest first) and
 * per-instance counts.
 * @public
 */
export type ErrorDetails = ErrorGroup & {
  samples: Sample[];
  instances: ErrorInstanceCount[];
};

/**
 * Occurrences within one time bucket.
 * @public
 */
export interface OccurrencePoint {
  /** Start of the bucket. */
  time: string;
  count: number;
}

/**
 * Answer of `GET /errors/:id/occurrences`.
 * @public
 */
export interface OccurrencesResponse {
  /** Seconds per point. */
  step: number;
  points: OccurrencePoint[];
}

/**
 * Health of one scrape target (one instance URL) of an entity.
 * @public
 */
export interface TargetHealth {
  /** The URL that is scraped. */
  url: string;
  /** `target_uuid` of the process behind it, or the URL when unknown. */
  instance: string;
  /** Whether the last scrape succeeded. */
  up: boolean;
  lastScrapeAt: string | null;
  lastSuccessAt: string | null;
  /** Why the last scrape failed; `null` when it succeeded. */
  lastError: string | null;
  /** Duration of the last scrape. */
  durationMs: number | null;
  /** Size of the last response body. */
  payloadBytes: number | null;
  /** Aggregation keys in the last payload. */
  errorKeys: number | null;
  /** The annotation entry this target came from, e.g. `dns+a://api.svc:8080/-/exceptions`. */
  source: string;
  /** Malformed items skipped in the last payload. */
  warnings: number;
  /** The first skipped item's path and reason, if any. */
  firstWarning: string | null;
}

/**
 * One entity in the org-wide errors overview.
 * @public
 */
export interface OverviewRow {
  entityRef: string;
  /** Display title of the entity, or its name. */
  title: string;
  /** Owner entity ref; `null` when the entity has none. */
  owner: string | null;
  openErrors: number;
  /** Groups first seen within the requested window. */
  newErrors: number;
  regressedErrors: number;
  /** Occurrences within the requested window. */
  occurrences: number;
  targetsUp: number;
  targetsTotal: number;
}

/**
 * A page of a list, with the total number of matching items.
 * @public
 */
export interface ListResponse<T> {
  items: T[];
  totalItems: number;
}

/**
 * Answer of `GET /entities/:namespace/:kind/:name/errors`.
 * @public
 */
export type ErrorGroupListResponse = ListResponse<ErrorGroup> & {
  /**
   * Groups per severity that match every filter except the severity one,
   * for counts on severity filter chips.
   */
  severityCounts: Record<PeriskopSeverity, number>;
};

/**
 * Answer of `GET /entities/:namespace/:kind/:name/targets`.
 * @public
 */
export type TargetHealthListResponse = ListResponse<TargetHealth>;

/**
 * Answer of `GET /overview`.
 * @public
 */
export type OverviewResponse = ListResponse<OverviewRow>;

/**
 * Which groups `status` selects in the error list.
 * @public
 */
export type ErrorStatusFilter = (typeof ERROR_STATUS_FILTERS)[number];

/**
 * Fields the error list can be sorted by.
 * @public
 */
export type ErrorSortField = (typeof ERROR_SORT_FIELDS)[number];

/**
 * Sort direction.
 * @public
 */
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * Query of `GET /entities/:namespace/:kind/:name/errors`.
 * @public
 */
export interface ErrorListQuery {
  /** Add `sparkline` (24 hourly counts) to every item. */
  sparkline?: boolean;
  /** Text search across class, message, stack trace, cause, request URL. */
  query?: string;
  severity?: PeriskopSeverity[];
  /** Default `open`. */
  status?: ErrorStatusFilter;
  /** Last-seen window start. */
  from?: string;
  /** Last-seen window end. */
  to?: string;
  sort?: ErrorSortField;
  order?: SortOrder;
  limit?: number;
  offset?: number;
}

/**
 * Query of `GET /errors/:id/occurrences`.
 * @public
 */
export interface OccurrencesQuery {
  from?: string;
  to?: string;
  /** Bucket size in seconds. */
  step?: number;
}

/**
 * Query of `GET /overview`.
 * @public
 */
export interface OverviewQuery {
  /** Owner entity refs (groups or users); any of them. */
  owner?: string[];
  query?: string;
  from?: string;
  to?: string;
  sort?: OverviewSortField;
  order?: SortOrder;
}

/**
 * Columns the overview can be sorted by.
 * @public
 */
export type OverviewSortField = (typeof OVERVIEW_SORT_FIELDS)[number];

/**
 * Answer of `GET /entities/:namespace/:kind/:name/summary`: what the errors
 * card shows, computed in SQL so it is exact however many groups there are.
 * @public
 */
export interface ErrorSummary {
  /** Open groups. */
  openErrors: number;
  /** Open groups that reopened after a resolve. */
  regressedErrors: number;
  /** Groups first seen in the last 24 hours. */
  newErrors: number;
  /** Occurrences of all groups in the last 24 hours. */
  occurrences: number;
  targetsUp: number;
  targetsTotal: number;
  /**
   * The open groups that occurred most in the last 24 hours (ties, and
   * groups without a recent occurrence, by the most recently seen), each
   * with its `sparkline`; at most `top` of them.
   */
  top: ErrorGroup[];
}

/**
 * Query of `GET /entities/:namespace/:kind/:name/summary`.
 * @public
 */
export interface ErrorSummaryQuery {
  /** How many open groups to rank; 5 by default, at most 50. */
  top?: number;
}
