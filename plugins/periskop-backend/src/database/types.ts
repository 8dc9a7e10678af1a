import {
  ErrorSortField,
  ErrorStatus,
  ErrorStatusFilter,
  OverviewRow,
  ParsedErrorInstance,
  ParsedHttpContext,
  SortOrder,
  TargetOrigin,
} from '@periskop-backstage/plugin-periskop-common';

/*
 * The records the stores take and give. Times are in ms since the epoch.
 */

/** Health of one target after one scrape attempt. */
export interface TargetHealthRecord {
  targetId: string;
  up: boolean;
  scrapedAt: number;
  /** The instance key (target_uuid or URL) seen in the payload, when up. */
  instanceKey: string | null;
  /** Null when up. */
  error: string | null;
  durationMs: number | null;
  payloadBytes: number | null;
  errorKeys: number | null;
  /** Items skipped by the lenient parser. */
  warnings: number;
  /** The first skipped item's reason, when there were warnings. */
  firstWarning: string | null;
  /**
   * SHA-256 (hex) of payload bytes whose content the store holds: set when
   * the payload was applied by `applyInstanceScrape`, and when other bytes
   * were found to carry the keys and counts already stored. Left out when
   * the scrape failed or was not hashed; the stored value then stays.
   */
  payloadDigest?: string;
  /** When the payload last went through the store; only set by an apply. */
  payloadAppliedAt?: number;
  /**
   * Order-independent digest of the payload's (key, count) pairs (see
   * `countersDigest`), set by an apply.
   */
  countersDigest?: string;
  /**
   * Set by an apply (with `payloadAppliedAt`): which cap folded how many
   * new keys into the overflow group, or null when none did. Other
   * scrapes leave the stored notice as it is.
   */
  limitNotice?: string | null;
}

/**
 * What the last scrapes of a target left for the next one: when it was
 * last scraped, the digests of the payload last put through the store (of
 * its bytes, and of its keys and counts), when, and the health figures of
 * that payload (to repeat them when the same bytes or the same counts come
 * again). Every field but the id is null for a target never scraped.
 */
export interface TargetScrapeState {
  targetId: string;
  /** The last scrape's time, successful or not. */
  lastScrapeAt: number | null;
  payloadDigest: string | null;
  payloadAppliedAt: number | null;
  /** Digest of the (key, count) pairs of that payload. */
  countersDigest: string | null;
  instanceKey: string | null;
  errorKeys: number | null;
  warnings: number;
  firstWarning: string | null;
}

/** A stored target with its latest health. Times in ms since the epoch. */
export interface StoredTarget {
  /** `push` for an instance that pushes (see `pushed_instances`). */
  origin: TargetOrigin;
  id: string;
  entityRef: string;
  /** The entity's `periskop.io/service-name` when discovery found one (see `serviceNameOf`). */
  serviceName: string | null;
  url: string;
  source: string;
  unavailableReason: string | null;
  up: boolean | null;
  instanceKey: string | null;
  lastScrapeAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  durationMs: number | null;
  payloadBytes: number | null;
  errorKeys: number | null;
  warnings: number;
  firstWarning: string | null;
  /** Which cap the last applied scrape hit, and how many keys it folded; null when none. */
  limitNotice: string | null;
}

/** A stored error group. Times in ms since the epoch. */
export interface StoredErrorGroup {
  id: number;
  entityRef: string;
  aggregationKey: string;
  errorClass: string;
  message: string;
  severity: string;
  status: ErrorStatus;
  regressed: boolean;
  regressedAt: number | null;
  totalCount: number;
  firstSeen: number;
  lastSeen: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
}

/** A stored sample. */
export interface StoredSample {
  uuid: string;
  timestampMs: number;
  severity: string;
  instanceKey: string;
  error: ParsedErrorInstance;
  httpContext: ParsedHttpContext | null;
}

/** Per-instance lifetime counts of one group. */
export interface StoredInstanceCount {
  instanceKey: string;
  totalCount: number;
  lastCount: number;
  lastSeen: number;
}

/** What retention removed. */
export interface RetentionResult {
  samples: number;
  occurrenceRows: number;
  rolledUpRows: number;
  instances: number;
  /** Groups deleted for having no occurrence within the idle time. */
  idleGroups: number;
  /** Entities whose data was deleted after their grace period. */
  removedEntities: number;
}

/**
 * Whose groups {@link ErrorReadStore.queryErrorGroups} reads: one entity's
 * (the Errors tab), or those of a set of entities (the org-wide search,
 * over the entities the caller may read).
 */
export type ErrorGroupScope =
  | { entityRef: string }
  | { entityRefs: readonly string[] };

/** Filters, sorting and paging of {@link ErrorReadStore.queryErrorGroups}. */
export type ErrorGroupQuery = ErrorGroupScope & ErrorGroupFilters;

/** What {@link ErrorGroupQuery} asks of the groups in its scope. */
export interface ErrorGroupFilters {
  /**
   * Words that must all occur (case-insensitively, as substrings) in the
   * group's search text: key, class, message, stack trace, cause chain and
   * request URL of its newest sample.
   */
  terms?: string[];
  /** Any of these severities; all when empty or absent. */
  severities?: string[];
  status: ErrorStatusFilter;
  /** Last seen at or after, ms. */
  lastSeenFrom?: number;
  /** Last seen before, ms. */
  lastSeenTo?: number;
  sort: ErrorSortField;
  order: SortOrder;
  limit: number;
  offset: number;
  /** Adds a sparkline of this window to every group of the page. */
  sparkline?: SeriesWindow;
}

/** A page of groups, the total and per-severity counts of the whole match. */
export interface ErrorGroupPage {
  items: Array<StoredErrorGroup & { sparkline?: number[] }>;
  totalItems: number;
  /**
   * Groups per severity matching every filter but the severity one, so a
   * UI can show counts on severity chips.
   */
  severityCounts: Record<string, number>;
}

/**
 * Per-entity aggregates for the org-wide overview: the stored half of an
 * API `OverviewRow` (open, new and regressed groups, occurrences in the
 * window, targets up and total), without what the catalog adds.
 */
export type EntityAggregates = Omit<
  OverviewRow,
  'title' | 'owner' | 'pushOnly'
>;

/** A time range cut into equal steps: `Math.ceil((to - from) / stepMs)` points from `from`. */
export interface SeriesWindow {
  from: number;
  to: number;
  stepMs: number;
}

/** A group with its samples (newest first) and per-instance counts. */
export interface StoredErrorDetails {
  group: StoredErrorGroup;
  samples: StoredSample[];
  instances: StoredInstanceCount[];
}

/** The counts of {@link EntityAggregates}, without the entity. */
export type EntityCounts = Omit<EntityAggregates, 'entityRef'>;

/** What the errors card of one entity shows, computed in SQL. */
export type EntityErrorSummary = EntityCounts & {
  /** The open groups with the most occurrences in the window, with sparklines. */
  top: Array<StoredErrorGroup & { sparkline: number[] }>;
};
