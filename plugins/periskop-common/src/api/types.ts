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
  TARGET_ORIGINS,
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
  /**
   * `open` until someone resolves it; a new occurrence after a resolve
   * opens it again (see `regressed`).
   */
  status: ErrorStatus;
  /** True when the group reopened because it occurred again after a resolve. */
  regressed: boolean;
  /** When the group last reopened because of a new occurrence after a resolve. */
  regressedAt: string | null;
  /** Lifetime occurrences, exact and restart-safe. */
  totalCount: number;
  /**
   * Earliest known occurrence: the oldest sample, the client's `created_at`
   * or the scrape that first found the group, whichever is earliest.
   */
  firstSeen: string;
  /**
   * Latest occurrence: the newest sample's timestamp, or the time of the
   * scrape that counted it when the client sent no sample.
   */
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
  /** The error class, e.g. `TypeError`. */
  class: string;
  /** The error message; empty when the client sent none. */
  message: string;
  /** Stack frames as the client sent them, one per entry; may be empty. */
  stacktrace: string[];
  /** The error that caused this one; `null` at the end of the chain. */
  cause: SampleError | null;
}

/**
 * The request during which a sampled error happened, with sensitive headers
 * already replaced by `[REDACTED]`.
 * @public
 */
export interface SampleHttpContext {
  /** The HTTP method, e.g. `GET`; may be empty. */
  requestMethod: string;
  /** The URL as the client recorded it: absolute, or only path and query. */
  requestUrl: string;
  /** Header name to value; repeated headers joined with `, `. */
  requestHeaders: Record<string, string>;
  /** The request body; `null` when the client sent none. */
  requestBody: string | null;
}

/**
 * One stored occurrence of an error group.
 * @public
 */
export interface Sample {
  /** The client's uuid; samples are de-duplicated by it. */
  uuid: string;
  /**
   * When it happened, by the client's clock (never later than the scrape that
   * stored it).
   */
  timestamp: string;
  /** Severity the client reported this occurrence with. */
  severity: PeriskopSeverity;
  /** The process that reported it: its `target_uuid`, or the scrape URL. */
  instance: string;
  /** The error, with its cause chain. */
  error: SampleError;
  /** The request it happened in; `null` when the client recorded none. */
  httpContext: SampleHttpContext | null;
}

/**
 * How often one instance reported an error group.
 * @public
 */
export interface ErrorInstanceCount {
  /** `target_uuid` of the process, or the scrape URL. */
  instance: string;
  /** Occurrences counted from this instance over its lifetime. */
  totalCount: number;
  /** Latest occurrence counted from this instance. */
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
  /** Occurrences in the bucket, which lasts `step` seconds; 0 when none. */
  count: number;
}

/**
 * Answer of `GET /errors/:id/occurrences`.
 * @public
 */
export interface OccurrencesResponse {
  /** Seconds per point. */
  step: number;
  /** One point per step from the window's start, oldest first. */
  points: OccurrencePoint[];
}

/**
 * Health of one scrape target (one instance URL) of an entity.
 * @public
 */
export interface TargetHealth {
  /**
   * `scrape` for a target of the annotation; `push` for an instance that
   * pushed its errors (`url` is then `push:<instance>`, `lastScrapeAt` and
   * `lastSuccessAt` its last push, and it is always `up`).
   */
  origin: TargetOrigin;
  /** The URL that is scraped. */
  url: string;
  /** `target_uuid` of the process behind it, or the URL when unknown. */
  instance: string;
  /** Whether the last scrape succeeded. */
  up: boolean;
  /** When it was last scraped; `null` if it never was. */
  lastScrapeAt: string | null;
  /** When a scrape last succeeded; `null` if none ever did. */
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
  /**
   * When the last stored payload had error keys counted past a cap on error
   * groups: which cap, and how many keys were counted in the entity's
   * "Other errors" group instead; `null` otherwise.
   */
  limitNotice: string | null;
}

/**
 * Answer of `GET /entities/{namespace}/{kind}/{name}/push-key`: whether the
 * entity has a push key. The key itself is shown only once, when created.
 * @public
 */
export interface PushKeyStatus {
  /** Whether the entity has a push key. */
  exists: boolean;
  /** When the current key was created; `null` without a key. */
  createdAt: string | null;
  /** Who created it (user entity ref); `null` without a key. */
  createdBy: string | null;
  /** The last 4 characters of the key, to tell keys apart; `null` without a key. */
  hint: string | null;
  /** When the key was last used to push; `null` if never. */
  lastUsedAt: string | null;
}

/**
 * Answer of `POST /entities/{namespace}/{kind}/{name}/push-key`: a new key
 * (replacing any previous one, which stops working at once).
 * @public
 */
export interface PushKeyCreated extends PushKeyStatus {
  /** The secret: shown this once, stored only as a hash. */
  key: string;
  /**
   * The address to give the clients as their push gateway (`addr`): they
   * post to `<pushUrl>/errors`.
   */
  pushUrl: string;
}

/**
 * See {@link TARGET_ORIGINS}.
 * @public
 */
export type TargetOrigin = (typeof TARGET_ORIGINS)[number];

/**
 * One entity in the org-wide errors overview.
 * @public
 */
export interface OverviewRow {
  /** The entity, e.g. `component:default/api-auth`. */
  entityRef: string;
  /** Display title of the entity, or its name. */
  title: string;
  /** Owner entity ref; `null` when the entity has none. */
  owner: string | null;
  /** Open groups, whenever they were last seen. */
  openErrors: number;
  /** Groups first seen within the requested window. */
  newErrors: number;
  /** Open groups that reopened after a resolve. */
  regressedErrors: number;
  /** Occurrences within the requested window. */
  occurrences: number;
  /** Scrape targets whose last scrape succeeded. */
  targetsUp: number;
  /** All scrape targets of the entity. */
  targetsTotal: number;
  /**
   * The entity has no `periskop.io/targets`, only a service name: its
   * errors are pushed, so it has no targets to be up or down.
   */
  pushOnly: boolean;
}

/**
 * A page of a list, with the total number of matching items.
 * @public
 */
export interface ListResponse<T> {
  /** The items of this page, in the requested order. */
  items: T[];
  /** Items matching the query across all pages. */
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
  /** Only groups of these severities; default every severity. */
  severity?: PeriskopSeverity[];
  /** Default `open`. */
  status?: ErrorStatusFilter;
  /** Last-seen window start. */
  from?: string;
  /** Last-seen window end. */
  to?: string;
  /** Default `lastSeen`. */
  sort?: ErrorSortField;
  /** Default `desc`. */
  order?: SortOrder;
  /**
   * Groups per page: 1 to {@link MAX_ERROR_LIST_LIMIT}, default
   * {@link DEFAULT_ERROR_LIST_LIMIT}.
   */
  limit?: number;
  /** Groups to skip, for paging; default 0. */
  offset?: number;
}

/**
 * Query of `GET /errors/:id/occurrences`.
 * @public
 */
export interface OccurrencesQuery {
  /** Window start; default 24 hours before `to`. */
  from?: string;
  /** Window end; default now. */
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
  /** Words that must all occur in an entity's ref, title or owner; any case. */
  query?: string;
  /**
   * Start of the window of `newErrors` and `occurrences`; default 24 hours
   * before `to`.
   */
  from?: string;
  /** End of that window; default now. */
  to?: string;
  /** Default `openErrors`. */
  sort?: OverviewSortField;
  /** Default `desc`. */
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
  /** Scrape targets whose last scrape succeeded. */
  targetsUp: number;
  /** All scrape targets of the entity. */
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
