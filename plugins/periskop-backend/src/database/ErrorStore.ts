import {
  ParsedErrorInstance,
  ParsedHttpContext,
} from '@periskop-backstage/plugin-periskop-common';
import { InstanceState, InstanceUpdate } from '../aggregation/types';
import { ScrapeTarget } from '../discovery/types';

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
   * SHA-256 (hex) of the payload bytes this scrape put through the store,
   * with the time it did: set only when the payload was applied (or found
   * to change nothing) by `applyInstanceScrape`. Left out when the scrape
   * failed or skipped an unchanged payload; the stored values then stay.
   */
  payloadDigest?: string;
  payloadAppliedAt?: number;
}

/**
 * What the last scrapes of a target left for the next one: the digest of
 * the payload last put through the store, when, and the health figures of
 * that payload (to repeat them when the same bytes come again).
 */
export interface TargetScrapeState {
  targetId: string;
  payloadDigest: string;
  payloadAppliedAt: number;
  instanceKey: string | null;
  errorKeys: number | null;
  warnings: number;
  firstWarning: string | null;
}

/** A stored target with its latest health. Times in ms since the epoch. */
export interface StoredTarget {
  id: string;
  entityRef: string;
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
}

/** A stored error group. Times in ms since the epoch. */
export interface StoredErrorGroup {
  id: number;
  entityRef: string;
  aggregationKey: string;
  errorClass: string;
  message: string;
  severity: string;
  status: 'open' | 'resolved';
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
}

/** Filters, sorting and paging of {@link ErrorStore.queryErrorGroups}. */
export interface ErrorGroupQuery {
  entityRef: string;
  /**
   * Words that must all occur (case-insensitively, as substrings) in the
   * group's search text: key, class, message, stack trace, cause chain and
   * request URL of its newest sample.
   */
  terms?: string[];
  /** Any of these severities; all when empty or absent. */
  severities?: string[];
  status: 'open' | 'resolved' | 'all';
  /** Last seen at or after, ms. */
  lastSeenFrom?: number;
  /** Last seen before, ms. */
  lastSeenTo?: number;
  sort: 'lastSeen' | 'totalCount' | 'firstSeen';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A page of groups, the total and per-severity counts of the whole match. */
export interface ErrorGroupPage {
  items: StoredErrorGroup[];
  totalItems: number;
  /**
   * Groups per severity matching every filter but the severity one, so a
   * UI can show counts on severity chips.
   */
  severityCounts: Record<string, number>;
}

/** Per-entity aggregates for the org-wide overview. */
export interface EntityAggregates {
  entityRef: string;
  openErrors: number;
  /** First seen within the window. */
  newErrors: number;
  /** Open and marked as regressed. */
  regressedErrors: number;
  /** Occurrences within the window. */
  occurrences: number;
  targetsUp: number;
  targetsTotal: number;
}

/** Where the Periskop backend keeps errors, samples, counters, time series and target health. */
export interface ErrorStore {
  /**
   * Applies one scrape of one instance atomically. In one transaction, with
   * the instance's row locked (so two replicas or a retried scrape can never
   * count the same occurrences twice): reads the instance's state, calls
   * `compute`, and writes what it returns — counters, group totals, samples
   * (de-duplicated by uuid, capped per group) and occurrence buckets. When
   * `compute` returns null nothing is written (beyond a throttled liveness
   * timestamp of the instance).
   *
   * `compute` may be called more than once per call, each time with freshly
   * read state (the store retries after a deadlock, and re-runs the
   * transaction after creating rows seen for the first time), so it must be
   * free of side effects; only the result of the last call is written.
   */
  applyInstanceScrape(options: {
    entityRef: string;
    instanceKey: string;
    url: string;
    now: number;
    compute: (state: InstanceState) => InstanceUpdate | null;
  }): Promise<{ newOccurrences: number; groupsChanged: number }>;

  /**
   * Makes the stored target list equal to `targets` (insert new, update
   * changed definitions, delete the rest with their health). Writes nothing
   * when nothing changed.
   */
  syncTargets(
    targets: ScrapeTarget[],
  ): Promise<{ added: number; removed: number; updated: number }>;

  /** Stores the health of many targets in a few batched statements. */
  recordTargetHealth(records: TargetHealthRecord[]): Promise<void>;

  /**
   * The scrape state of every target that has a payload digest, by target
   * id, in one statement (see {@link TargetScrapeState}).
   */
  listScrapeStates(): Promise<Map<string, TargetScrapeState>>;

  /** Targets, optionally of one entity, ordered by entity and URL. */
  listTargets(options?: { entityRef?: string }): Promise<StoredTarget[]>;

  /** Error groups of one entity, newest last seen first. */
  listErrorGroups(entityRef: string): Promise<StoredErrorGroup[]>;

  /**
   * One page of an entity's error groups, filtered and sorted in SQL
   * (never by loading every row), with the total count of the match.
   */
  queryErrorGroups(query: ErrorGroupQuery): Promise<ErrorGroupPage>;

  /** One group by id, or undefined. */
  getErrorGroup(id: number): Promise<StoredErrorGroup | undefined>;

  /**
   * Marks a group resolved by `by` at `at`. Resolving a resolved group
   * changes nothing (the first resolve is kept). A later occurrence reopens
   * it as regressed (see `applyInstanceScrape`). Undefined for unknown ids.
   */
  resolveErrorGroup(
    id: number,
    options: { by: string; at: number },
  ): Promise<StoredErrorGroup | undefined>;

  /** Reopens a group: status open, not regressed, resolve cleared. */
  unresolveErrorGroup(id: number): Promise<StoredErrorGroup | undefined>;

  /**
   * Occurrences of one group in [from, to), summed into steps of `stepMs`
   * starting at `from`, zero-filled: `Math.ceil((to - from) / stepMs)`
   * points, oldest first. A bucket counts in the step its start falls in.
   */
  getOccurrenceSeries(options: {
    groupId: number;
    from: number;
    to: number;
    stepMs: number;
  }): Promise<Array<{ time: number; count: number }>>;

  /**
   * Small series for many groups at once (list sparklines): per group id,
   * `Math.ceil((to - from) / stepMs)` counts from `from`, zero-filled.
   */
  getSparklines(options: {
    groupIds: number[];
    from: number;
    to: number;
    stepMs: number;
  }): Promise<Map<number, number[]>>;

  /**
   * Per-entity aggregates in ONE statement over the stored data: open, new
   * (first seen in [from, to)) and regressed groups, occurrences in
   * [from, to), targets up and total. Only entities with stored data
   * appear; restricted to `entityRefs` when given.
   */
  getEntityAggregates(options: {
    from: number;
    to: number;
    entityRefs?: string[];
  }): Promise<EntityAggregates[]>;

  /** Samples of one group, newest first. */
  listSamples(groupId: number): Promise<StoredSample[]>;

  /** Per-instance counts of one group. */
  listInstanceCounts(groupId: number): Promise<StoredInstanceCount[]>;

  /** Occurrence buckets of one group in [from, to), oldest first. */
  listOccurrences(options: {
    groupId: number;
    from: number;
    to: number;
  }): Promise<Array<{ time: number; count: number }>>;

  /**
   * Removes samples and occurrence buckets older than `retentionMs`, rolls
   * minute buckets older than `fineBucketMaxAgeMs` up into hour buckets, and
   * forgets instances (and their counters) not seen within `retentionMs`.
   */
  runRetention(options: {
    now: number;
    retentionMs: number;
    fineBucketMaxAgeMs: number;
  }): Promise<RetentionResult>;
}
