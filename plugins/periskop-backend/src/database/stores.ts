import { StoredPushKey } from './operations/push/pushKeyRecords';
import { PushRecord } from './operations/push/recordPush';
import {
  InstanceScrape,
  InstanceScrapeResult,
} from './operations/ingest/applyInstanceScrape';
import { ScrapeTarget } from '../discovery/types';
import { ServiceErrorGroup } from './operations/compat/listServiceErrors';
import {
  EntityAggregates,
  EntityErrorSummary,
  ErrorGroupPage,
  ErrorGroupQuery,
  RetentionResult,
  SeriesWindow,
  StoredErrorDetails,
  StoredErrorGroup,
  StoredTarget,
  TargetHealthRecord,
  TargetScrapeState,
} from './types';

/*
 * The store as each of its callers sees it: the scraper only appends and
 * keeps target health (as Prometheus's scrape loop sees only an appender),
 * the API reads, triage resolves, the scheduler maintains. Each method is
 * one operation under `operations/<area>/`.
 */

/** What the scrape pool writes: scrapes of instances and target health. */
export interface IngestStore {
  /**
   * Applies one scrape of one instance atomically, counting every
   * occurrence exactly once across replicas and retries (see
   * `operations/ingest/applyInstanceScrape.ts`).
   */
  applyInstanceScrape(scrape: InstanceScrape): Promise<InstanceScrapeResult>;

  /**
   * Makes the stored target list equal to `targets`, the whole list of a
   * discovery, and records which entities are in the catalog with the
   * annotation: those of `targets` and `entityRefs` (annotated entities
   * whose entries are all invalid have no targets). Any other entity is
   * missing from `now` (default the current time) on. Writes nothing when
   * nothing changed.
   */
  syncTargets(
    targets: ScrapeTarget[],
    options?: { now?: number; entityRefs?: readonly string[] },
  ): Promise<{ added: number; removed: number; updated: number }>;

  /** Stores the health of many targets in a few batched statements. */
  recordTargetHealth(records: TargetHealthRecord[]): Promise<void>;

  /** The scrape state of every target that has a payload digest, by target id. */
  listScrapeStates(): Promise<Map<string, TargetScrapeState>>;

  /**
   * The stored target list as the last `syncTargets` left it, ordered by
   * id: what the shard tasks of a sharded fleet scrape.
   */
  listScrapeTargets(): Promise<ScrapeTarget[]>;
}

/** What the HTTP API reads. */
export interface ErrorReadStore {
  /** One page of an entity's groups, filtered and sorted in SQL, with the total of the match. */
  queryErrorGroups(query: ErrorGroupQuery): Promise<ErrorGroupPage>;

  /** One group by id, or undefined. */
  getErrorGroup(id: number): Promise<StoredErrorGroup | undefined>;

  /** A group (as read by `getErrorGroup`) with its samples and per-instance counts. */
  getErrorDetails(group: StoredErrorGroup): Promise<StoredErrorDetails>;

  /**
   * Occurrences of one group summed into the steps of `window`,
   * zero-filled, oldest first.
   */
  getOccurrenceSeries(
    options: { groupId: number } & SeriesWindow,
  ): Promise<Array<{ time: number; count: number }>>;

  /** The counts and top open groups of one entity over `window`. */
  getErrorSummary(options: {
    entityRef: string;
    window: SeriesWindow;
    top: number;
  }): Promise<EntityErrorSummary>;

  /** Per-entity aggregates in one statement, restricted to `entityRefs` when given. */
  getEntityAggregates(options: {
    from: number;
    to: number;
    entityRefs?: string[];
  }): Promise<EntityAggregates[]>;

  /** Targets, optionally of one entity, ordered by entity and URL. */
  listTargets(options?: { entityRef?: string }): Promise<StoredTarget[]>;
}

/** What resolve and unresolve change. */
export interface TriageStore {
  /**
   * Marks a group resolved by `by` at `at`; resolving a resolved group
   * keeps the first resolve. A later occurrence reopens it as regressed.
   * Undefined for unknown ids.
   */
  resolveErrorGroup(
    id: number,
    options: { by: string; at: number },
  ): Promise<StoredErrorGroup | undefined>;

  /** Reopens a group: status open, not regressed, resolve cleared. */
  unresolveErrorGroup(id: number): Promise<StoredErrorGroup | undefined>;
}

/** What the Periskop-compatible API (`service/compat/`) reads. */
export interface CompatReadStore {
  /**
   * The open groups of an entity (regressions included), newest last seen
   * first, each with its newest `samplesPerGroup` samples, in a bounded
   * number of statements however many groups there are.
   */
  listServiceErrors(options: {
    entityRef: string;
    samplesPerGroup: number;
  }): Promise<ServiceErrorGroup[]>;

  /** The groups of an entity whose (stored, redacted) aggregation key is one of `keys`. */
  findErrorGroupsByKey(options: {
    entityRef: string;
    keys: readonly string[];
  }): Promise<StoredErrorGroup[]>;
}

/** What the retention task runs. */
export interface MaintenanceStore {
  /**
   * Deletes the data of entities missing from discovery for longer than
   * `removedEntityGraceMs` and the groups idle for longer than
   * `groupIdleMs` (open regressions stay), removes samples and buckets
   * older than `retentionMs`, rolls minute buckets older than
   * `fineBucketMaxAgeMs` up into hours, and forgets instances not seen
   * within `retentionMs`.
   */
  runRetention(options: {
    now: number;
    retentionMs: number;
    fineBucketMaxAgeMs: number;
    groupIdleMs: number;
    removedEntityGraceMs: number;
  }): Promise<RetentionResult>;
}

/** Every store over one database. */
/** What the push-key routes need: one key per entity, stored hashed. */
export interface PushKeyStore {
  getPushKey(entityRef: string): Promise<StoredPushKey | undefined>;

  /** Gives the entity a new key, replacing (and so revoking) any previous one. */
  replacePushKey(key: {
    entityRef: string;
    keyHash: string;
    hint: string;
    at: number;
    by: string;
  }): Promise<StoredPushKey>;

  /** False when the entity had no key. */
  deletePushKey(entityRef: string): Promise<boolean>;
}

/** What the push receiver needs besides the ingest store. */
export interface PushIngestStore {
  /** The entity whose push key has this hash. */
  findPushKeyEntity(keyHash: string): Promise<string | undefined>;

  /** The pushed instance's health and the key's last use, after an apply. */
  recordPush(push: PushRecord): Promise<void>;
}

/** What the notifier records: when the owners last heard about a group. */
export interface NotificationStore {
  /**
   * Marks the groups as notified now, except those notified within
   * `quietPeriodMs`; returns the ids it marked (the ones to notify about).
   * Across replicas, each group is claimed once per quiet period.
   */
  claimNotifications(
    ids: readonly number[],
    options: { now: number; quietPeriodMs: number },
  ): Promise<number[]>;
}

export interface PeriskopStores {
  ingest: IngestStore;
  reads: ErrorReadStore;
  triage: TriageStore;
  compat: CompatReadStore;
  maintenance: MaintenanceStore;
  pushKeys: PushKeyStore;
  pushes: PushIngestStore;
  notifications: NotificationStore;
}
