import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import {
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
} from '../aggregation/types';
import { ScrapeTarget } from '../discovery/types';
import {
  EntityAggregates,
  ErrorGroupPage,
  ErrorGroupQuery,
  ErrorStore,
  RetentionResult,
  StoredErrorGroup,
  StoredInstanceCount,
  StoredSample,
  StoredTarget,
  TargetHealthRecord,
  TargetScrapeState,
} from './ErrorStore';

const PACKAGE_NAME = '@periskop-backstage/plugin-periskop-backend';

/** Rows per multi-row statement: large enough to batch, small enough for every driver's bind limit. */
const CHUNK_SIZE = 500;
/** CASE-per-column updates (MySQL) bind about a dozen values per row, so they take fewer rows. */
const HEALTH_CHUNK_SIZE = 200;
/**
 * An `UPDATE … FROM (VALUES …)` binds at most five values per row: 1,000
 * rows stay far below SQLite's (32,766) and PostgreSQL's (65,535) bind
 * limits, and 10,000 targets take ten statements.
 */
const HEALTH_VALUES_CHUNK_SIZE = 1000;
/** Sample data per INSERT, well under MySQL's default max_allowed_packet (16 MiB on MariaDB). */
const SAMPLE_CHUNK_BYTES = 4 * 1024 * 1024;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const MINUTE_RESOLUTION = 60;
const HOUR_RESOLUTION = 3600;
/** Every bucket width, to let (resolution, bucket_start) indexes serve time ranges. */
const RESOLUTIONS = [MINUTE_RESOLUTION, HOUR_RESOLUTION];
/**
 * The "resolution" of the hour totals in entity_occurrences: every
 * occurrence of an entity in the hour starting at bucket_start, whatever
 * the resolution of its group buckets.
 */
const HOUR_TOTAL_RESOLUTION = 0;

/**
 * An instance whose payload did not change is still alive; its last_seen_at
 * is refreshed at most this often so that quiet instances are not forgotten
 * by retention while steady state stays (almost) write-free.
 */
const LIVENESS_WRITE_INTERVAL_MS = HOUR_MS;

/** Attempts of one apply when the database reports a deadlock or serialization failure. */
const MAX_TRANSACTION_ATTEMPTS = 4;

/** Column sizes from the migration; longer values are shortened by {@link fitToColumn}. */
const INSTANCE_KEY_LENGTH = 255;
const UUID_LENGTH = 64;
const RESOLVED_BY_LENGTH = 255;

/** Points one occurrence series may have (a week of minutes is 10080). */
const MAX_SERIES_POINTS = 100_000;

/**
 * Entity refs per overview statement. The list is bound four times:
 * 4 000 bindings, far below the limits of PostgreSQL (65 535) and of the
 * SQLite that better-sqlite3 bundles (32 766), and a statement of a few
 * hundred KiB on MySQL, which interpolates the values into the text.
 */
const AGGREGATE_CHUNK_SIZE = 1000;

type Dialect = 'pg' | 'mysql' | 'sqlite';

interface ApplyOptions {
  entityRef: string;
  instanceKey: string;
  url: string;
  now: number;
  compute: (state: InstanceState) => InstanceUpdate | null;
}

interface ApplyResult {
  newOccurrences: number;
  groupsChanged: number;
}

/** Raw rows: PostgreSQL returns BIGINT as strings, MySQL returns booleans as 0/1. */
type DbNumber = number | string;
type DbBoolean = boolean | number | string;

interface InstanceRow {
  id: DbNumber;
  entity_ref: string;
  instance_key: string;
  counters_digest: string | null;
  last_seen_at: DbNumber;
}

interface GroupRow {
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

interface TargetRow {
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
}

interface OccurrenceRow {
  group_id: number;
  entity_ref: string;
  resolution: number;
  bucket_start: number;
  count: number;
}

/** A group update together with the id of its row. */
interface ResolvedGroup {
  id: number;
  update: GroupUpdate;
}

function toNumber(value: DbNumber): number {
  return Number(value);
}

function toNullableNumber(value: DbNumber | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toBoolean(value: DbBoolean): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

function toNullableBoolean(
  value: DbBoolean | null | undefined,
): boolean | null {
  return value === null || value === undefined ? null : toBoolean(value);
}

/** The columns of a {@link GroupRow}. */
const GROUP_COLUMNS = [
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

function toStoredGroup(row: GroupRow): StoredErrorGroup {
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

/** Columns of the sorts of {@link ErrorGroupQuery}. */
const SORT_COLUMNS = new Map<string, string>([
  ['lastSeen', 'last_seen'],
  ['totalCount', 'total_count'],
  ['firstSeen', 'first_seen'],
]);

/** An id that can exist: anything else would make PostgreSQL fail the BIGINT comparison. */
function isRowId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/** At most `max` code points, never splitting a surrogate pair. */
function truncateCodePoints(value: string, max: number): string {
  const codePoints = Array.from(value);
  return codePoints.length <= max ? value : codePoints.slice(0, max).join('');
}

function chunk<T>(items: readonly T[], size: number = CHUNK_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * Integers are written into generated SQL as literals rather than bound
 * parameters: in `CASE id WHEN … THEN <param>` PostgreSQL cannot infer a
 * parameter's type and would fall back to text or int4, and there is no
 * cast to BIGINT that both PostgreSQL and MySQL accept. Only safe integers
 * are accepted, so a literal can never be anything but digits.
 */
function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`Expected a safe integer for SQL, got ${value}`);
  }
  return String(value);
}

/** A stored count or time must be an integer; fractional milliseconds are rounded. */
function integer(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new TypeError(`${what} must be a finite number, got ${value}`);
  }
  const rounded = Math.round(value);
  if (!Number.isSafeInteger(rounded)) {
    throw new TypeError(`${what} is out of range: ${value}`);
  }
  return rounded;
}

/**
 * Makes an identity fit its column without losing uniqueness: a value that
 * is too long keeps a readable prefix and gets the sha256 of the whole value
 * appended (or, for short columns, becomes the hash). The same input always
 * gives the same output, so lookups stay exact.
 */
function fitToColumn(value: string, maxLength: number): string {
  // JS length counts UTF-16 units, which is never less than the characters
  // PostgreSQL and MySQL count, so this check is conservative.
  if (value.length <= maxLength) {
    return value;
  }
  const hash = createHash('sha256').update(value).digest('hex');
  const prefixLength = maxLength - hash.length - 1;
  return prefixLength > 0 ? `${value.slice(0, prefixLength)}~${hash}` : hash;
}

function isTransientTransactionError(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | undefined;
  if (!e || typeof e !== 'object') {
    return false;
  }
  // PostgreSQL: deadlock_detected, serialization_failure
  if (e.code === '40P01' || e.code === '40001') {
    return true;
  }
  // MySQL/MariaDB: ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT
  if (
    e.errno === 1213 ||
    e.errno === 1205 ||
    e.code === 'ER_LOCK_DEADLOCK' ||
    e.code === 'ER_LOCK_WAIT_TIMEOUT'
  ) {
    return true;
  }
  // SQLite with several connections to one file
  return e.code === 'SQLITE_BUSY';
}

/**
 * Rejects updates the store cannot apply faithfully (a bug in the caller),
 * before anything is written.
 */
function validateUpdate(entityRef: string, update: InstanceUpdate): void {
  const seen = new Set<string>();
  for (const group of update.groups) {
    if (seen.has(group.keyHash)) {
      throw new Error(
        `Update of ${entityRef} contains the aggregation key hash ${group.keyHash} twice`,
      );
    }
    seen.add(group.keyHash);
    if (!Number.isSafeInteger(group.delta) || group.delta < 0) {
      throw new Error(
        `Invalid delta ${group.delta} for ${group.aggregationKey} of ${entityRef}`,
      );
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Puts a SQLite database file into write-ahead-log mode with
 * `synchronous = NORMAL`, the combination SQLite recommends for
 * applications: a commit appends to the log instead of rewriting and
 * syncing the database and a rollback journal (the default), which made
 * committing the per-instance transactions of a scrape cycle the largest
 * cost on SQLite (docs/benchmarks.md). A crash or power loss may lose the
 * last transactions, never consistency: counters and totals are written
 * in the same transaction, and the next scrape counts from what is stored.
 * The journal mode is stored in the file (the plugin's own database: SQLite
 * runs one database per plugin); `synchronous` is per connection, so it is
 * set on every new connection too. In-memory databases keep their journal.
 */
async function useWriteAheadLog(client: Knex): Promise<void> {
  const apply = (connection: {
    pragma?: (sql: string) => unknown;
    run?: (sql: string, callback: () => void) => unknown;
  }) => {
    if (typeof connection.pragma === 'function') {
      connection.pragma('synchronous = NORMAL'); // better-sqlite3
    } else if (typeof connection.run === 'function') {
      connection.run('PRAGMA synchronous = NORMAL', () => {}); // sqlite3
    }
  };
  await client.raw('PRAGMA journal_mode = WAL');
  await client.raw('PRAGMA synchronous = NORMAL');
  const pool = (
    client.client as {
      pool?: { on(event: string, fn: (id: unknown, c: any) => void): void };
    }
  ).pool;
  pool?.on('createSuccess', (_id, connection) => apply(connection));
}

/**
 * The {@link ErrorStore} on Knex: SQLite, PostgreSQL and MySQL/MariaDB.
 *
 * All times are stored as BIGINT epoch milliseconds. Statements are batched
 * (multi-row inserts, CASE-based updates, chunked IN lists), so an apply
 * costs a fixed number of statements however many groups and samples it
 * carries; see `applyInstanceScrape`.
 *
 * @public
 */
export class KnexErrorStore implements ErrorStore {
  readonly #db: Knex;
  readonly #dialect: Dialect;
  readonly #samplesPerError: number;

  /**
   * Connects to the plugin's database and, unless told not to, brings the
   * schema up to date.
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /** Samples kept per error group, newest first. Default 100. */
    samplesPerError?: number;
  }): Promise<KnexErrorStore> {
    const { database, skipMigrations, samplesPerError = 100 } = options;
    if (!Number.isSafeInteger(samplesPerError) || samplesPerError < 1) {
      throw new Error(
        `samplesPerError must be a positive integer, got ${samplesPerError}`,
      );
    }
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({
        directory: resolvePackagePath(PACKAGE_NAME, 'migrations'),
      });
    }
    const store = new KnexErrorStore(client, samplesPerError);
    if (store.#dialect === 'sqlite') {
      await useWriteAheadLog(client);
    }
    return store;
  }

  /**
   * A transaction; on MySQL in READ COMMITTED. In MySQL's default
   * REPEATABLE READ, InnoDB locks every row a statement scans, not only the
   * matching ones, plus gap locks; on a small table the optimizer scans all
   * of it, so two applies that hold disjoint groups still block each other
   * and deadlock (seen in the concurrency tests on MariaDB 10.11). READ
   * COMMITTED locks only matching rows (an UPDATE skips rows that others
   * lock and that do not match) and lets every read see the latest
   * committed rows, which is what the apply wants: its correctness rests on
   * the row locks, not on a snapshot. (It needs row-based or mixed binary
   * logging, the default of MySQL 8 and MariaDB.) PostgreSQL's default
   * already is READ COMMITTED; SQLite is always serializable.
   */
  #transaction<T>(handler: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.#dialect === 'mysql'
      ? this.#db.transaction(handler, { isolationLevel: 'read committed' })
      : this.#db.transaction(handler);
  }

  private constructor(db: Knex, samplesPerError: number) {
    this.#db = db;
    this.#samplesPerError = samplesPerError;
    const dialect = String(db.client.dialect ?? db.client.config?.client);
    if (dialect.includes('postgres') || dialect === 'pg') {
      this.#dialect = 'pg';
    } else if (dialect.includes('mysql')) {
      this.#dialect = 'mysql';
    } else if (dialect.includes('sqlite')) {
      this.#dialect = 'sqlite';
    } else {
      throw new Error(`Unsupported database client ${dialect}`);
    }
  }

  /**
   * Statements per call (k groups in the update, in chunks of 500), not
   * counting BEGIN/COMMIT (and, on MySQL, the SET TRANSACTION before BEGIN):
   *
   * - steady state (compute returns null): 2 reads (the instance row with
   *   its lock, the counter state), plus 1 throttled liveness update per
   *   instance and hour;
   * - with changes: the 2 reads, +1 lookup of group ids when the update has
   *   keys this instance has no counter for yet, +1 ordered row lock of the
   *   groups when there are two or more (not on SQLite), 1 group update
   *   (groups with delta > 0), 1 counter upsert, 1 sample insert and 1
   *   window select for the sample cap (+1 delete when a group overflows),
   *   1 occurrence upsert, 1 instance update: 8 to 11 statements,
   *   independent of k and of the number of samples;
   * - the first scrape of an instance, and an update with groups new to the
   *   entity, first create those rows in one short statement each (outside
   *   the transaction, see below) and then run the transaction again.
   *
   * `compute` may therefore run more than once (also when a deadlock or
   * serialization failure retries the transaction with freshly read state),
   * so it must not have side effects.
   */
  async applyInstanceScrape(options: ApplyOptions): Promise<ApplyResult> {
    const instanceKey = fitToColumn(options.instanceKey, INSTANCE_KEY_LENGTH);
    const now = integer(options.now, 'now');
    let preparations = 0;
    for (let attempt = 1; ; ) {
      try {
        const outcome = await this.#transaction(tx =>
          this.#applyLocked(tx, options, instanceKey, now),
        );
        if (outcome.kind === 'applied') {
          return outcome.result;
        }
        if (++preparations > MAX_TRANSACTION_ATTEMPTS) {
          throw new Error(
            `Could not create the rows for instance ${instanceKey} of ${options.entityRef}`,
          );
        }
        // Rows that the transaction needs but that do not exist yet are
        // created outside of it, in one short statement each, and the
        // transaction then runs again from the start. Inserting them inside
        // would make concurrent applies deadlock: on MySQL two transactions
        // that lock the same missing row hold gap locks that block each
        // other's insert, and a new group row stays locked by its inserter
        // while that inserter goes on to lock other groups. Created early,
        // an instance without counters is exactly a new instance, and a new
        // group starts with a zero total that the next transaction adds to.
        if (outcome.kind === 'missing-instance') {
          await this.#db('instances')
            .insert({
              entity_ref: options.entityRef,
              instance_key: instanceKey,
              url: options.url,
              counters_digest: null,
              last_seen_at: now,
            })
            .onConflict(['entity_ref', 'instance_key'])
            .ignore();
        } else {
          await this.#createGroups(options.entityRef, outcome.groups);
        }
      } catch (error) {
        if (
          attempt >= MAX_TRANSACTION_ATTEMPTS ||
          !isTransientTransactionError(error)
        ) {
          throw error;
        }
        attempt++;
        // jittered, so that two replicas that deadlocked do not collide again
        await sleep(attempt * 25 + Math.floor(Math.random() * 50));
      }
    }
  }

  /** One attempt, or what has to be created before the next one. */
  async #applyLocked(
    tx: Knex.Transaction,
    options: ApplyOptions,
    instanceKey: string,
    now: number,
  ): Promise<
    | { kind: 'applied'; result: ApplyResult }
    | { kind: 'missing-instance' }
    | { kind: 'missing-groups'; groups: GroupUpdate[] }
  > {
    const instanceQuery = tx<InstanceRow>('instances')
      .select('id', 'counters_digest', 'last_seen_at')
      .where({ entity_ref: options.entityRef, instance_key: instanceKey });
    // The row lock serialises applies of the same instance across replicas
    // and retries. SQLite has no row locks (knex warns) but runs one write
    // transaction at a time, and Backstage uses a single connection for it.
    const [instance] =
      this.#dialect === 'sqlite'
        ? await instanceQuery
        : await instanceQuery.forUpdate();
    if (!instance) {
      return { kind: 'missing-instance' };
    }
    const instanceId = toNumber(instance.id);

    const stateRows: Array<{
      key_hash: string;
      group_id: DbNumber;
      last_count: DbNumber;
    }> = await tx('instance_counters as c')
      .join('error_groups as g', 'g.id', 'c.group_id')
      .where('c.instance_id', instanceId)
      .select('g.key_hash', 'c.group_id', 'c.last_count');
    const lastCounts = new Map<string, number>();
    const knownGroupIds = new Map<string, number>();
    for (const row of stateRows) {
      lastCounts.set(row.key_hash, toNumber(row.last_count));
      knownGroupIds.set(row.key_hash, toNumber(row.group_id));
    }

    const update = options.compute({
      countersDigest: instance.counters_digest ?? null,
      lastCounts,
    });

    if (!update) {
      if (now - toNumber(instance.last_seen_at) >= LIVENESS_WRITE_INTERVAL_MS) {
        await tx('instances')
          .where('id', instanceId)
          .update({ last_seen_at: now, url: options.url });
      }
      return {
        kind: 'applied',
        result: { newOccurrences: 0, groupsChanged: 0 },
      };
    }
    validateUpdate(options.entityRef, update);

    const { ids, missing } = await this.#lookUpGroupIds(
      tx,
      options.entityRef,
      update.groups,
      knownGroupIds,
    );
    if (missing.length > 0) {
      return { kind: 'missing-groups', groups: missing };
    }

    const newOccurrences = await this.#writeUpdate(tx, {
      entityRef: options.entityRef,
      instanceId,
      instanceKey,
      now,
      groups: update.groups.map(g => ({ id: ids.get(g.keyHash)!, update: g })),
    });

    await tx('instances').where('id', instanceId).update({
      counters_digest: update.countersDigest,
      url: options.url,
      last_seen_at: now,
    });

    return {
      kind: 'applied',
      result: { newOccurrences, groupsChanged: update.groups.length },
    };
  }

  /**
   * The ids of the groups of an update, and the groups that do not exist
   * yet. Ids of groups this instance already counts come with its state;
   * the others are read without locks (the rows are locked later, in id
   * order, by `#lockGroups` and the update).
   */
  async #lookUpGroupIds(
    tx: Knex.Transaction,
    entityRef: string,
    updates: readonly GroupUpdate[],
    known: Map<string, number>,
  ): Promise<{ ids: Map<string, number>; missing: GroupUpdate[] }> {
    const ids = new Map<string, number>();
    const unknown: GroupUpdate[] = [];
    for (const g of updates) {
      const id = known.get(g.keyHash);
      if (id === undefined) {
        unknown.push(g);
      } else {
        ids.set(g.keyHash, id);
      }
    }
    for (const part of chunk(unknown)) {
      const rows: Array<{ id: DbNumber; key_hash: string }> = await tx(
        'error_groups',
      )
        .select('id', 'key_hash')
        .where('entity_ref', entityRef)
        .whereIn(
          'key_hash',
          part.map(g => g.keyHash),
        );
      for (const row of rows) {
        ids.set(row.key_hash, toNumber(row.id));
      }
    }
    return { ids, missing: unknown.filter(g => !ids.has(g.keyHash)) };
  }

  /**
   * Creates groups seen for the first time, with a zero total: the
   * transaction that runs next adds the delta exactly as for any existing
   * group, so it does not matter which replica or instance created a group.
   * Outside of any transaction, so no lock is held longer than a statement.
   */
  async #createGroups(
    entityRef: string,
    groups: readonly GroupUpdate[],
  ): Promise<void> {
    // sorted, so that concurrent multi-row inserts meet in the same order
    const sorted = [...groups].sort((a, b) => (a.keyHash < b.keyHash ? -1 : 1));
    for (const part of chunk(sorted)) {
      await this.#insertRows(
        this.#db,
        'error_groups',
        part.map(g => ({
          entity_ref: entityRef,
          key_hash: g.keyHash,
          aggregation_key: g.aggregationKey,
          error_class: g.errorClass,
          message: g.message,
          severity: g.severity,
          search_text: g.searchText,
          total_count: 0,
          first_seen: integer(g.firstSeen, 'firstSeen'),
          last_seen: integer(g.lastSeen, 'lastSeen'),
          latest_sample_at:
            g.latestSampleAt === null
              ? null
              : integer(g.latestSampleAt, 'latestSampleAt'),
          status: 'open',
          regressed: false,
        })),
        { columns: ['entity_ref', 'key_hash'], action: 'ignore' },
      );
    }
  }

  /** Writes the groups, counters, samples and buckets of one update; returns the sum of deltas. */
  async #writeUpdate(
    tx: Knex.Transaction,
    options: {
      entityRef: string;
      instanceId: number;
      instanceKey: string;
      now: number;
      groups: ResolvedGroup[];
    },
  ): Promise<number> {
    const { entityRef, instanceId, instanceKey, now } = options;
    if (options.groups.length === 0) {
      return 0;
    }
    // Every statement below visits rows in id order, which keeps the lock
    // order of concurrent applies on shared groups consistent.
    const groups = [...options.groups].sort((a, b) => a.id - b.id);
    const changed = groups.filter(g => g.update.delta > 0);

    if (this.#dialect === 'pg') {
      // The rows of this instance first: its counters and its samples (the
      // bulk of the work) need no lock on the shared group rows (their
      // foreign key checks take FOR KEY SHARE, which does not conflict with
      // FOR NO KEY UPDATE), so instances of one entity store their samples
      // side by side and hold the group locks only for the short updates
      // that follow. (Before, they queued behind each other's sample
      // inserts: most of a first cycle's time on PostgreSQL.)
      await this.#upsertCounters(tx, instanceId, groups);
      await this.#insertSamples(tx, instanceKey, groups);
      await this.#lockGroups(tx, groups);
      for (const part of chunk(changed)) {
        await this.#updateGroups(tx, part, now);
      }
    } else {
      // MySQL's foreign key checks take shared locks on the group rows,
      // which conflict with the update's: every group is locked first.
      await this.#lockGroups(tx, groups);
      for (const part of chunk(changed)) {
        await this.#updateGroups(tx, part, now);
      }
      await this.#upsertCounters(tx, instanceId, groups);
      await this.#insertSamples(tx, instanceKey, groups);
    }

    const bucketStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    await this.#incrementOccurrences(
      tx,
      changed.map(g => ({
        group_id: g.id,
        entity_ref: entityRef,
        resolution: MINUTE_RESOLUTION,
        bucket_start: bucketStart,
        count: g.update.delta,
      })),
    );

    const total = changed.reduce((sum, g) => sum + g.update.delta, 0);
    if (total > 0) {
      // the entity's sums, in the same transaction: the minute mirror of
      // the group buckets and the hour total (what the overview reads)
      await this.#incrementEntityOccurrences(tx, [
        {
          entity_ref: entityRef,
          resolution: MINUTE_RESOLUTION,
          bucket_start: bucketStart,
          count: total,
        },
        {
          entity_ref: entityRef,
          resolution: HOUR_TOTAL_RESOLUTION,
          bucket_start: Math.floor(now / HOUR_MS) * HOUR_MS,
          count: total,
        },
      ]);
    }
    return total;
  }

  /**
   * Locks group rows in id order before anything else in the transaction
   * touches them. Instances of one entity report the same errors, so their
   * applies write the same group rows at the same time, and rows locked in
   * different orders deadlock:
   *
   * - PostgreSQL locks the rows of an UPDATE in whatever order its plan
   *   visits them (a sequential scan follows the physical order, which every
   *   update changes). `ORDER BY id FOR NO KEY UPDATE` takes the lock that
   *   UPDATE takes, in sorted order, and like it does not conflict with the
   *   `FOR KEY SHARE` locks that the foreign key checks of other applies'
   *   counter, sample and occurrence rows take on the group. Only the
   *   changed groups are updated, so only they need it.
   * - MySQL's foreign key checks take shared locks on the group rows, which
   *   conflict with the exclusive locks of the update. So every group of the
   *   update is locked here, in id order; the later statements then only
   *   touch rows that this transaction holds already.
   *
   * One row cannot be taken out of order, and SQLite has no row locks.
   */
  async #lockGroups(
    tx: Knex.Transaction,
    groups: readonly ResolvedGroup[],
  ): Promise<void> {
    const toLock =
      this.#dialect === 'pg' ? groups.filter(g => g.update.delta > 0) : groups;
    if (this.#dialect === 'sqlite' || toLock.length < 2) {
      return;
    }
    for (const part of chunk(toLock)) {
      const query = tx('error_groups')
        .select('id')
        .whereIn(
          'id',
          part.map(g => g.id),
        )
        .orderBy('id');
      await (this.#dialect === 'pg'
        ? query.forNoKeyUpdate()
        : query.forUpdate());
    }
  }

  /**
   * One UPDATE for many groups (all with delta > 0), with per-row values in
   * CASE expressions, which every supported database understands.
   *
   * MySQL evaluates SET assignments left to right and lets later ones see
   * earlier results, while PostgreSQL and SQLite always see the old row, so
   * columns that others depend on (latest_sample_at, status) come last.
   */
  async #updateGroups(
    tx: Knex.Transaction,
    groups: readonly ResolvedGroup[],
    now: number,
  ): Promise<void> {
    if (groups.length === 0) {
      return;
    }
    const q = (identifier: string) => this.#quote(identifier);
    const bindings: string[] = [];
    const assignments: string[] = [];

    const withSample = groups.filter(g => g.update.latestSampleAt !== null);
    if (withSample.length > 0) {
      // the group shows the newest sample's class, message and severity
      const newer = (g: ResolvedGroup) =>
        `${q('latest_sample_at')} IS NULL OR ${q(
          'latest_sample_at',
        )} < ${sqlInteger(
          integer(g.update.latestSampleAt!, 'latestSampleAt'),
        )}`;
      const textColumns: Array<[string, (u: GroupUpdate) => string]> = [
        ['severity', u => u.severity],
        ['error_class', u => u.errorClass],
        ['message', u => u.message],
        ['search_text', u => u.searchText],
      ];
      for (const [column, value] of textColumns) {
        const whens = withSample.map(g => {
          bindings.push(value(g.update));
          return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${newer(
            g,
          )} THEN ? ELSE ${q(column)} END`;
        });
        assignments.push(
          `${q(column)} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(
            column,
          )} END`,
        );
      }
      const whens = withSample.map(g => {
        const at = sqlInteger(
          integer(g.update.latestSampleAt!, 'latestSampleAt'),
        );
        return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${newer(
          g,
        )} THEN ${at} ELSE ${q('latest_sample_at')} END`;
      });
      assignments.push(
        `${q('latest_sample_at')} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(
          'latest_sample_at',
        )} END`,
      );
    }

    // atomic increment: another instance may be adding to the same group
    assignments.push(
      `${q('total_count')} = ${q('total_count')} + CASE ${q('id')} ${groups
        .map(
          g =>
            `WHEN ${sqlInteger(g.id)} THEN ${sqlInteger(
              integer(g.update.delta, 'delta'),
            )}`,
        )
        .join(' ')} ELSE 0 END`,
    );
    assignments.push(
      `${q('first_seen')} = CASE ${q('id')} ${groups
        .map(g => {
          const at = sqlInteger(integer(g.update.firstSeen, 'firstSeen'));
          return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${q(
            'first_seen',
          )} > ${at} THEN ${at} ELSE ${q('first_seen')} END`;
        })
        .join(' ')} ELSE ${q('first_seen')} END`,
    );
    assignments.push(
      `${q('last_seen')} = CASE ${q('id')} ${groups
        .map(g => {
          const at = sqlInteger(integer(g.update.lastSeen, 'lastSeen'));
          return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${q(
            'last_seen',
          )} < ${at} THEN ${at} ELSE ${q('last_seen')} END`;
        })
        .join(' ')} ELSE ${q('last_seen')} END`,
    );
    // A new occurrence after a resolve reopens the group as a regression;
    // resolved_at and resolved_by stay for the history. These read status,
    // so they precede its assignment (MySQL order of evaluation).
    const resolved = `${q('status')} = 'resolved'`;
    assignments.push(
      `${q('regressed_at')} = CASE WHEN ${resolved} THEN ${sqlInteger(
        now,
      )} ELSE ${q('regressed_at')} END`,
    );
    assignments.push(
      `${q('regressed')} = CASE WHEN ${resolved} THEN TRUE ELSE ${q(
        'regressed',
      )} END`,
    );
    assignments.push(`${q('status')} = 'open'`);

    const idList = groups.map(g => sqlInteger(g.id)).join(', ');
    await tx.raw(
      `UPDATE ${q('error_groups')} SET ${assignments.join(', ')} WHERE ${q(
        'id',
      )} IN (${idList})`,
      bindings,
    );
  }

  /** Every group of the update: last count, lifetime sum of deltas, last seen. */
  async #upsertCounters(
    tx: Knex.Transaction,
    instanceId: number,
    groups: readonly ResolvedGroup[],
  ): Promise<void> {
    const q = (identifier: string) => this.#quote(identifier);
    for (const part of chunk(groups)) {
      await this.#insertRows(
        tx,
        'instance_counters',
        part.map(g => ({
          instance_id: instanceId,
          group_id: g.id,
          last_count: integer(g.update.currentCount, 'currentCount'),
          total_count: integer(g.update.delta, 'delta'),
          last_seen: integer(g.update.lastSeen, 'lastSeen'),
        })),
        {
          columns: ['instance_id', 'group_id'],
          action: {
            last_count: this.#excluded('last_count'),
            total_count: `${q('instance_counters')}.${q(
              'total_count',
            )} + ${this.#excluded('total_count')}`,
            // lastSeen only means something when there was a new occurrence
            last_seen: `CASE WHEN ${this.#excluded(
              'total_count',
            )} > 0 THEN ${this.#excluded('last_seen')} ELSE ${q(
              'instance_counters',
            )}.${q('last_seen')} END`,
          },
        },
      );
    }
  }

  /** Inserts new samples (duplicates by uuid are ignored) and trims each touched group to the cap. */
  async #insertSamples(
    tx: Knex.Transaction,
    instanceKey: string,
    groups: readonly ResolvedGroup[],
  ): Promise<void> {
    const rows: Array<{
      group_id: number;
      uuid: string;
      timestamp: number;
      severity: string;
      instance_key: string;
      data: string;
    }> = [];
    const touched: number[] = [];
    for (const g of groups) {
      const uuids = new Set<string>();
      for (const sample of g.update.samples) {
        const uuid = fitToColumn(sample.uuid, UUID_LENGTH);
        if (uuids.has(uuid)) {
          continue;
        }
        uuids.add(uuid);
        rows.push({
          group_id: g.id,
          uuid,
          timestamp: integer(sample.timestampMs, 'timestampMs'),
          severity: sample.severity,
          instance_key: instanceKey,
          data: JSON.stringify({
            error: sample.error,
            httpContext: sample.httpContext,
          }),
        });
      }
      if (uuids.size > 0) {
        touched.push(g.id);
      }
    }
    if (rows.length === 0) {
      return;
    }

    // chunks by count and by size: samples can carry large stacks and bodies
    let batch: typeof rows = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length > 0) {
        await this.#insertRows(tx, 'samples', batch, {
          columns: ['group_id', 'uuid'],
          action: 'ignore',
        });
      }
      batch = [];
      batchBytes = 0;
    };
    for (const row of rows) {
      const size = Buffer.byteLength(row.data);
      if (
        batch.length >= CHUNK_SIZE ||
        (batch.length > 0 && batchBytes + size > SAMPLE_CHUNK_BYTES)
      ) {
        await flush();
      }
      batch.push(row);
      batchBytes += size;
    }
    await flush();

    for (const part of chunk(touched)) {
      await this.#capSamples(tx, part);
    }
  }

  /**
   * Keeps the newest `samplesPerError` samples (by timestamp, then id) of
   * each group, in one statement that deletes, per group, the rows ordered
   * after the group's cut-off row (found by an index scan of
   * (group_id, timestamp) with LIMIT 1 OFFSET cap; none when the group is
   * within the cap). Every branch names its group_id, so the plan is index
   * scans whatever the table's statistics say (a window over
   * `group_id IN (…)` became a sequential scan of the whole table on a
   * PostgreSQL without statistics). The cut-off is selected from a derived
   * table because MySQL rejects a DELETE whose subquery reads the same
   * table directly; a derived table with LIMIT is materialised first.
   */
  async #capSamples(tx: Knex.Transaction, groupIds: number[]): Promise<void> {
    const q = (identifier: string) => this.#quote(identifier);
    const offset = sqlInteger(this.#samplesPerError);
    // MySQL has no OFFSET without LIMIT; a LIMIT of 1 is what we want anyway
    const branches = groupIds.map(id => {
      const group = sqlInteger(id);
      return `(${q('group_id')} = ${group} AND (${q('timestamp')}, ${q(
        'id',
      )}) <= (SELECT ${q('t')}, ${q('i')} FROM (SELECT ${q('timestamp')} AS ${q(
        't',
      )}, ${q('id')} AS ${q('i')} FROM ${q('samples')} WHERE ${q(
        'group_id',
      )} = ${group} ORDER BY ${q('timestamp')} DESC, ${q(
        'id',
      )} DESC LIMIT 1 OFFSET ${offset}) ${q('cutoff')}))`;
    });
    await tx.raw(`DELETE FROM ${q('samples')} WHERE ${branches.join(' OR ')}`);
  }

  /** Adds counts to group buckets (see {@link #addToBuckets}). */
  async #incrementOccurrences(
    tx: Knex.Transaction,
    rows: OccurrenceRow[],
  ): Promise<void> {
    await this.#addToBuckets(tx, 'occurrences', 'group_id', rows);
  }

  /**
   * Adds counts to an entity's sums (see {@link #addToBuckets}). All
   * instances of an entity add to the same rows; they lock them last in
   * their transaction, after the group rows, so the lock order stays the
   * same for every apply.
   */
  async #incrementEntityOccurrences(
    tx: Knex.Transaction,
    rows: Array<{
      entity_ref: string;
      resolution: number;
      bucket_start: number;
      count: number;
    }>,
  ): Promise<void> {
    await this.#addToBuckets(tx, 'entity_occurrences', 'entity_ref', rows);
  }

  /**
   * Adds counts to buckets of `table` (keyed by `owner`, resolution and
   * start) with one atomic upsert per chunk, in key order: concurrent
   * applies of other instances may add to the same buckets.
   */
  async #addToBuckets<K extends string>(
    tx: Knex.Transaction,
    table: 'occurrences' | 'entity_occurrences',
    owner: K,
    rows: Array<
      Record<K, string | number> & {
        resolution: number;
        bucket_start: number;
        count: number;
      }
    >,
  ): Promise<void> {
    const q = (identifier: string) => this.#quote(identifier);
    const sorted = [...rows].sort(
      (a, b) =>
        (a[owner] < b[owner] ? -1 : Number(a[owner] > b[owner])) ||
        a.resolution - b.resolution ||
        a.bucket_start - b.bucket_start,
    );
    for (const part of chunk(sorted)) {
      await this.#insertRows(tx, table, part, {
        columns: [owner, 'resolution', 'bucket_start'],
        action: {
          count: `${q(table)}.${q('count')} + ${this.#excluded('count')}`,
        },
      });
    }
  }

  /**
   * A multi-row INSERT with an ON CONFLICT action: `'ignore'`, or the SQL
   * expression of each column to update (which may use {@link #excluded}).
   *
   * Knex writes SQLite's multi-row inserts as `INSERT … SELECT ? AS a, …
   * UNION ALL SELECT …`, a compound SELECT that SQLite parses and plans
   * arm by arm (preparing those statements was a tenth of a scrape cycle);
   * on SQLite this writes the `VALUES (…), (…)` list SQLite has understood
   * since 3.7.11 instead. Other databases get Knex's own statement.
   */
  async #insertRows<Row extends object>(
    db: Knex | Knex.Transaction,
    table: string,
    rows: readonly Row[],
    conflict: { columns: string[]; action: 'ignore' | Record<string, string> },
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    if (this.#dialect !== 'sqlite') {
      const insert = db(table)
        .insert(rows as unknown as Array<Record<string, unknown>>)
        .onConflict(conflict.columns);
      if (conflict.action === 'ignore') {
        await insert.ignore();
      } else {
        await insert.merge(
          Object.fromEntries(
            Object.entries(conflict.action).map(([column, sql]) => [
              column,
              db.raw(sql),
            ]),
          ),
        );
      }
      return;
    }
    const q = (identifier: string) => this.#quote(identifier);
    const columns = Object.keys(rows[0]) as Array<keyof Row & string>;
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    const bindings: unknown[] = [];
    for (const row of rows) {
      for (const column of columns) {
        bindings.push(row[column] ?? null);
      }
    }
    const action =
      conflict.action === 'ignore'
        ? 'DO NOTHING'
        : `DO UPDATE SET ${Object.entries(conflict.action)
            .map(([column, sql]) => `${q(column)} = ${sql}`)
            .join(', ')}`;
    await db.raw(
      `insert into ${q(table)} (${columns.map(q).join(', ')}) values ${rows
        .map(() => placeholders)
        .join(', ')} on conflict (${conflict.columns
        .map(q)
        .join(', ')}) ${action}`,
      bindings as Knex.RawBinding[],
    );
  }

  /** The value an upsert tried to insert, as the ON CONFLICT / ON DUPLICATE KEY clause names it. */
  #excluded(column: string): string {
    return this.#dialect === 'mysql'
      ? `VALUES(${this.#quote(column)})`
      : `${this.#quote('excluded')}.${this.#quote(column)}`;
  }

  /** Quotes one of our own (constant) identifiers for hand-written SQL. */
  #quote(identifier: string): string {
    return this.#dialect === 'mysql' ? `\`${identifier}\`` : `"${identifier}"`;
  }

  async syncTargets(
    targets: ScrapeTarget[],
  ): Promise<{ added: number; removed: number; updated: number }> {
    const wanted = new Map<string, ScrapeTarget>();
    for (const target of targets) {
      wanted.set(target.id, target);
    }
    const existing: Array<{
      id: string;
      entity_ref: string;
      url: string;
      source: string;
      unavailable_reason: string | null;
    }> = await this.#db('targets').select(
      'id',
      'entity_ref',
      'url',
      'source',
      'unavailable_reason',
    );
    const existingById = new Map(existing.map(row => [row.id, row]));

    const upserts: ScrapeTarget[] = [];
    let added = 0;
    let updated = 0;
    for (const target of wanted.values()) {
      const row = existingById.get(target.id);
      if (!row) {
        added++;
        upserts.push(target);
      } else if (
        row.entity_ref !== target.entityRef ||
        row.url !== target.url ||
        row.source !== target.source ||
        (row.unavailable_reason ?? null) !== (target.unavailableReason ?? null)
      ) {
        updated++;
        upserts.push(target);
      }
    }
    const removed = existing.filter(row => !wanted.has(row.id)).map(r => r.id);

    if (upserts.length === 0 && removed.length === 0) {
      return { added: 0, removed: 0, updated: 0 };
    }

    await this.#transaction(async tx => {
      // An upsert rather than insert + update: another replica syncing the
      // same list at the same time must not make this fail.
      for (const part of chunk(upserts)) {
        await tx('targets')
          .insert(
            part.map(t => ({
              id: t.id,
              entity_ref: t.entityRef,
              url: t.url,
              source: t.source,
              unavailable_reason: t.unavailableReason ?? null,
            })),
          )
          .onConflict('id')
          .merge(['entity_ref', 'url', 'source', 'unavailable_reason']);
      }
      for (const part of chunk(removed)) {
        await tx('targets').whereIn('id', part).delete();
      }
    });

    return { added, removed: removed.length, updated };
  }

  /**
   * One CASE-based UPDATE per chunk of 200 records (portable across the
   * three databases, unlike UPDATE … FROM VALUES). Records of unknown
   * targets match no row and are thereby ignored; last_success_at only
   * moves on a successful scrape.
   */
  async recordTargetHealth(records: TargetHealthRecord[]): Promise<void> {
    const latest = new Map<string, TargetHealthRecord>();
    for (const record of records) {
      latest.set(record.targetId, record);
    }
    const sorted = [...latest.values()].sort((a, b) =>
      a.targetId < b.targetId ? -1 : 1,
    );
    if (sorted.length === 0) {
      return;
    }
    const q = (identifier: string) => this.#quote(identifier);
    const nullableInteger = (value: number | null, what: string) =>
      value === null || value === undefined
        ? 'NULL'
        : sqlInteger(integer(value, what));

    if (this.#dialect !== 'mysql') {
      await this.#transaction(async tx => {
        for (const part of chunk(sorted, HEALTH_VALUES_CHUNK_SIZE)) {
          await this.#updateHealthFromValues(tx, part);
        }
      });
      return;
    }

    await this.#transaction(async tx => {
      for (const part of chunk(sorted, HEALTH_CHUNK_SIZE)) {
        const bindings: string[] = [];
        const column = (
          name: string,
          rows: TargetHealthRecord[],
          value: (r: TargetHealthRecord) => string,
        ) => {
          if (rows.length === 0) {
            return undefined;
          }
          const whens = rows.map(r => {
            bindings.push(r.targetId);
            return `WHEN ? THEN ${value(r)}`;
          });
          return `${q(name)} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(
            name,
          )} END`;
        };
        const text = (value: string | null) => {
          if (value === null || value === undefined) {
            return 'NULL';
          }
          bindings.push(value);
          return '?';
        };
        const assignments = [
          column('up', part, r => (r.up ? 'TRUE' : 'FALSE')),
          column('instance_key', part, r => text(r.instanceKey)),
          column('last_scrape_at', part, r =>
            sqlInteger(integer(r.scrapedAt, 'scrapedAt')),
          ),
          column(
            'last_success_at',
            part.filter(r => r.up),
            r => sqlInteger(integer(r.scrapedAt, 'scrapedAt')),
          ),
          column('last_error', part, r => text(r.error)),
          column('duration_ms', part, r =>
            nullableInteger(r.durationMs, 'durationMs'),
          ),
          column('payload_bytes', part, r =>
            nullableInteger(r.payloadBytes, 'payloadBytes'),
          ),
          column('error_keys', part, r =>
            nullableInteger(r.errorKeys, 'errorKeys'),
          ),
          column('warnings', part, r =>
            sqlInteger(integer(r.warnings ?? 0, 'warnings')),
          ),
          column('first_warning', part, r => text(r.firstWarning)),
          // only scrapes that put their payload through the store move these
          column(
            'payload_digest',
            part.filter(r => r.payloadDigest !== undefined),
            r => text(r.payloadDigest!),
          ),
          column(
            'payload_applied_at',
            part.filter(r => r.payloadAppliedAt !== undefined),
            r => sqlInteger(integer(r.payloadAppliedAt!, 'payloadAppliedAt')),
          ),
        ].filter((a): a is string => a !== undefined);
        bindings.push(...part.map(r => r.targetId));
        await tx.raw(
          `UPDATE ${q('targets')} SET ${assignments.join(', ')} WHERE ${q(
            'id',
          )} IN (${part.map(() => '?').join(', ')})`,
          bindings,
        );
      }
    });
  }

  /**
   * PostgreSQL and SQLite (3.33+): one `UPDATE … FROM` a list of VALUES
   * per chunk, which binds each value once and joins on the primary key,
   * instead of a CASE per column that compares every row with every id of
   * the chunk. Integers are literals (see {@link sqlInteger}), NULL integers
   * are typed, so that PostgreSQL infers the column types of the list.
   */
  async #updateHealthFromValues(
    tx: Knex.Transaction,
    records: readonly TargetHealthRecord[],
  ): Promise<void> {
    const q = (identifier: string) => this.#quote(identifier);
    const bindings: string[] = [];
    const text = (value: string | null | undefined) => {
      if (value === null || value === undefined) {
        return 'NULL';
      }
      bindings.push(value);
      return '?';
    };
    const int = (value: number | null | undefined, what: string) =>
      value === null || value === undefined
        ? 'CAST(NULL AS BIGINT)'
        : sqlInteger(integer(value, what));
    const columns = [
      'id',
      'up',
      'instance_key',
      'last_scrape_at',
      'last_error',
      'duration_ms',
      'payload_bytes',
      'error_keys',
      'warnings',
      'first_warning',
      'payload_digest',
      'payload_applied_at',
    ];
    const rows = records.map(
      r =>
        `(${[
          text(r.targetId),
          r.up ? 'TRUE' : 'FALSE',
          text(r.instanceKey),
          int(r.scrapedAt, 'scrapedAt'),
          text(r.error),
          int(r.durationMs, 'durationMs'),
          int(r.payloadBytes, 'payloadBytes'),
          int(r.errorKeys, 'errorKeys'),
          int(r.warnings ?? 0, 'warnings'),
          text(r.firstWarning),
          text(r.payloadDigest),
          int(r.payloadAppliedAt, 'payloadAppliedAt'),
        ].join(', ')})`,
    );
    const t = q('targets');
    const v = q('v');
    const from = (column: string) => `${v}.${q(column)}`;
    const keep = (column: string) => `${t}.${q(column)}`;
    const set = [
      ...[
        'up',
        'instance_key',
        'last_scrape_at',
        'last_error',
        'duration_ms',
        'payload_bytes',
        'error_keys',
        'warnings',
        'first_warning',
      ].map(column => `${q(column)} = ${from(column)}`),
      // last success only moves when up
      `${q('last_success_at')} = CASE WHEN ${from('up')} THEN ${from(
        'last_scrape_at',
      )} ELSE ${keep('last_success_at')} END`,
      // only scrapes that put their payload through the store move these
      ...['payload_digest', 'payload_applied_at'].map(
        column => `${q(column)} = COALESCE(${from(column)}, ${keep(column)})`,
      ),
    ];
    await tx.raw(
      `WITH ${v} (${columns.map(q).join(', ')}) AS (VALUES ${rows.join(
        ', ',
      )}) UPDATE ${t} SET ${set.join(', ')} FROM ${v} WHERE ${keep(
        'id',
      )} = ${from('id')}`,
      bindings,
    );
  }

  async listScrapeStates(): Promise<Map<string, TargetScrapeState>> {
    const rows: Array<{
      id: string;
      payload_digest: string;
      payload_applied_at: DbNumber;
      instance_key: string | null;
      error_keys: DbNumber | null;
      warnings: DbNumber | null;
      first_warning: string | null;
    }> = await this.#db('targets')
      .select(
        'id',
        'payload_digest',
        'payload_applied_at',
        'instance_key',
        'error_keys',
        'warnings',
        'first_warning',
      )
      .whereNotNull('payload_digest')
      .whereNotNull('payload_applied_at');
    return new Map(
      rows.map(row => [
        row.id,
        {
          targetId: row.id,
          payloadDigest: row.payload_digest,
          payloadAppliedAt: toNumber(row.payload_applied_at),
          instanceKey: row.instance_key ?? null,
          errorKeys: toNullableNumber(row.error_keys),
          warnings: toNullableNumber(row.warnings) ?? 0,
          firstWarning: row.first_warning ?? null,
        },
      ]),
    );
  }

  async listTargets(options?: { entityRef?: string }): Promise<StoredTarget[]> {
    const query = this.#db<TargetRow>('targets')
      .select('*')
      .orderBy([{ column: 'entity_ref' }, { column: 'url' }, { column: 'id' }]);
    if (options?.entityRef !== undefined) {
      query.where('entity_ref', options.entityRef);
    }
    const rows: TargetRow[] = await query;
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      url: row.url,
      source: row.source,
      unavailableReason: row.unavailable_reason ?? null,
      up: toNullableBoolean(row.up),
      instanceKey: row.instance_key ?? null,
      lastScrapeAt: toNullableNumber(row.last_scrape_at),
      lastSuccessAt: toNullableNumber(row.last_success_at),
      lastError: row.last_error ?? null,
      durationMs: toNullableNumber(row.duration_ms),
      payloadBytes: toNullableNumber(row.payload_bytes),
      errorKeys: toNullableNumber(row.error_keys),
      warnings: toNullableNumber(row.warnings) ?? 0,
      firstWarning: row.first_warning ?? null,
    }));
  }

  async listErrorGroups(entityRef: string): Promise<StoredErrorGroup[]> {
    const rows: GroupRow[] = await this.#db<GroupRow>('error_groups')
      .select(...GROUP_COLUMNS)
      .where('entity_ref', entityRef)
      .orderBy([
        { column: 'last_seen', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toStoredGroup);
  }

  /**
   * Two statements, run side by side: the page (filters, search, sort,
   * LIMIT/OFFSET) and a `COUNT(*) … GROUP BY severity` of the match without
   * the severity filter, from which `severityCounts` and (summed over the
   * wanted severities) `totalItems` come. The default query (one entity,
   * one status, by last seen) is served by the index
   * (entity_ref, status, last_seen, id) without a sort.
   */
  async queryErrorGroups(query: ErrorGroupQuery): Promise<ErrorGroupPage> {
    const limit = integer(query.limit, 'limit');
    const offset = integer(query.offset, 'offset');
    if (limit < 0 || offset < 0) {
      throw new RangeError(
        `limit and offset must not be negative, got ${limit} and ${offset}`,
      );
    }
    const column = SORT_COLUMNS.get(query.sort);
    if (!column) {
      throw new RangeError(`Unknown sort ${query.sort}`);
    }
    const order = query.order;
    if (order !== 'asc' && order !== 'desc') {
      throw new RangeError(`Unknown order ${order}`);
    }
    const severities = [...new Set(query.severities ?? [])];

    const page =
      limit === 0
        ? Promise.resolve<GroupRow[]>([])
        : this.#matchingGroups(query)
            .modify(builder => {
              if (severities.length > 0) {
                builder.whereIn('severity', severities);
              }
            })
            .select(...GROUP_COLUMNS)
            .orderBy([
              { column, order },
              { column: 'id', order },
            ])
            .limit(limit)
            .offset(offset);
    const counts = this.#matchingGroups(query)
      .select('severity')
      .count({ n: '*' })
      .groupBy('severity') as unknown as Promise<
      Array<{ severity: string; n: DbNumber }>
    >;
    const [rows, countRows] = await Promise.all([page, counts]);

    // a Map, so that no severity string can hit an Object.prototype key
    const bySeverity = new Map(
      countRows.map(row => [row.severity, toNumber(row.n)]),
    );
    let totalItems = 0;
    for (const severity of severities.length > 0
      ? severities
      : bySeverity.keys()) {
      totalItems += bySeverity.get(severity) ?? 0;
    }
    return {
      items: rows.map(toStoredGroup),
      totalItems,
      severityCounts: Object.fromEntries(bySeverity),
    };
  }

  /** The groups of a query's entity matching every filter but severity. */
  #matchingGroups(query: ErrorGroupQuery): Knex.QueryBuilder<GroupRow> {
    const builder = this.#db<GroupRow>('error_groups').where(
      'entity_ref',
      query.entityRef,
    );
    if (query.status === 'open' || query.status === 'resolved') {
      builder.where('status', query.status);
    } else if (query.status !== 'all') {
      throw new RangeError(`Unknown status ${query.status}`);
    }
    if (query.lastSeenFrom !== undefined) {
      builder.where(
        'last_seen',
        '>=',
        integer(query.lastSeenFrom, 'lastSeenFrom'),
      );
    }
    if (query.lastSeenTo !== undefined) {
      builder.where('last_seen', '<', integer(query.lastSeenTo, 'lastSeenTo'));
    }
    for (const term of query.terms ?? []) {
      const lower = term.toLowerCase();
      if (lower.length === 0) {
        continue;
      }
      // A substring test rather than LIKE '%term%': the term is bound
      // as is (nothing to escape), PostgreSQL's strpos is several times
      // faster than its LIKE on long texts, and its planner estimates a
      // function filter more sensibly, so the first page still walks the
      // (entity, status, last_seen) index. search_text is lower-cased at
      // ingest and these functions compare bytes (utf8mb4_bin on MySQL), so
      // the term is lower-cased here.
      builder.whereRaw(this.#containsSql(), ['search_text', lower]);
    }
    return builder;
  }

  /** SQL true when the column (first binding) contains the text (second). */
  #containsSql(): string {
    // INSTR(haystack, needle) on SQLite and MySQL
    return this.#dialect === 'pg' ? 'strpos(??, ?) > 0' : 'INSTR(??, ?) > 0';
  }

  async getErrorGroup(id: number): Promise<StoredErrorGroup | undefined> {
    if (!isRowId(id)) {
      return undefined;
    }
    const row: GroupRow | undefined = await this.#db<GroupRow>('error_groups')
      .select(...GROUP_COLUMNS)
      .where('id', id)
      .first();
    return row ? toStoredGroup(row) : undefined;
  }

  /**
   * A conditional UPDATE (only an open group changes), then the read of the
   * result, in one transaction: of two concurrent resolves the first one
   * wins and the second returns it unchanged.
   */
  async resolveErrorGroup(
    id: number,
    options: { by: string; at: number },
  ): Promise<StoredErrorGroup | undefined> {
    if (!isRowId(id)) {
      return undefined;
    }
    const at = integer(options.at, 'at');
    const by = truncateCodePoints(options.by, RESOLVED_BY_LENGTH);
    return this.#transaction(async tx => {
      await tx('error_groups')
        .where('id', id)
        .andWhereNot('status', 'resolved')
        .update({
          status: 'resolved',
          resolved_at: at,
          resolved_by: by,
          regressed: false,
        });
      const row: GroupRow | undefined = await tx<GroupRow>('error_groups')
        .select(...GROUP_COLUMNS)
        .where('id', id)
        .first();
      return row ? toStoredGroup(row) : undefined;
    });
  }

  /** Keeps regressed_at, the time of the latest regression, as history. */
  async unresolveErrorGroup(id: number): Promise<StoredErrorGroup | undefined> {
    if (!isRowId(id)) {
      return undefined;
    }
    return this.#transaction(async tx => {
      await tx('error_groups').where('id', id).update({
        status: 'open',
        regressed: false,
        resolved_at: null,
        resolved_by: null,
      });
      const row: GroupRow | undefined = await tx<GroupRow>('error_groups')
        .select(...GROUP_COLUMNS)
        .where('id', id)
        .first();
      return row ? toStoredGroup(row) : undefined;
    });
  }

  /**
   * One statement that sums the group's buckets per step in SQL (integer
   * division of the offset from `from`, which is never negative in the
   * range, so it is the floor on every dialect: `DIV` on MySQL, `/` of two
   * integers elsewhere). The bounds are integer literals rather than
   * bindings, because better-sqlite3 binds JS numbers as REAL, which would
   * make SQLite's division fractional. The steps without rows are filled
   * with zeros here.
   */
  async getOccurrenceSeries(options: {
    groupId: number;
    from: number;
    to: number;
    stepMs: number;
  }): Promise<Array<{ time: number; count: number }>> {
    const from = integer(options.from, 'from');
    const to = integer(options.to, 'to');
    const stepMs = integer(options.stepMs, 'stepMs');
    if (stepMs < 1) {
      throw new RangeError(`stepMs must be positive, got ${options.stepMs}`);
    }
    if (to <= from) {
      return [];
    }
    const points = Math.ceil((to - from) / stepMs);
    if (points > MAX_SERIES_POINTS) {
      throw new RangeError(
        `A series of ${points} points is too long (at most ${MAX_SERIES_POINTS})`,
      );
    }
    const series = Array.from({ length: points }, (_, i) => ({
      time: from + i * stepMs,
      count: 0,
    }));
    if (!isRowId(options.groupId)) {
      return series;
    }
    const sums = await this.#sumSteps([options.groupId], from, to, stepMs);
    sums.get(options.groupId)?.forEach((count, i) => {
      series[i].count = count;
    });
    return series;
  }

  async getSparklines(options: {
    groupIds: number[];
    from: number;
    to: number;
    stepMs: number;
  }): Promise<Map<number, number[]>> {
    const from = integer(options.from, 'from');
    const to = integer(options.to, 'to');
    const stepMs = integer(options.stepMs, 'stepMs');
    const points = Math.ceil((to - from) / stepMs);
    if (stepMs < 1 || points < 1 || points > MAX_SERIES_POINTS) {
      throw new RangeError(
        `Invalid sparkline window: ${points} points of ${options.stepMs}ms`,
      );
    }
    const groupIds = [...new Set(options.groupIds.filter(isRowId))];
    const sums = await this.#sumSteps(groupIds, from, to, stepMs);
    return new Map(
      groupIds.map(id => {
        const values = new Array<number>(points).fill(0);
        sums.get(id)?.forEach((count, i) => {
          if (i < points) values[i] = count;
        });
        return [id, values];
      }),
    );
  }

  /**
   * Occurrences per group and step in [from, to), summed in SQL: sparse,
   * `step index → count` per group.
   */
  async #sumSteps(
    groupIds: number[],
    from: number,
    to: number,
    stepMs: number,
  ): Promise<Map<number, Map<number, number>>> {
    const result = new Map<number, Map<number, number>>();
    if (groupIds.length === 0 || to <= from) {
      return result;
    }
    const q = (identifier: string) => this.#quote(identifier);
    // MySQL's `/` is a decimal division; `from` and `step` are literals
    // because better-sqlite3 binds numbers as REAL.
    const divide = this.#dialect === 'mysql' ? 'DIV' : '/';
    const step = `(${q('bucket_start')} - ${sqlInteger(
      from,
    )}) ${divide} ${sqlInteger(stepMs)}`;
    for (const part of chunk(groupIds)) {
      const rows = (await this.#db('occurrences')
        .select('group_id', this.#db.raw(`${step} AS ${q('step')}`))
        .sum({ count: 'count' })
        .whereIn('group_id', part)
        // both resolutions, named so that the primary key
        // (group_id, resolution, bucket_start) bounds the time range too
        .whereIn('resolution', RESOLUTIONS)
        .andWhere('bucket_start', '>=', from)
        .andWhere('bucket_start', '<', to)
        .groupBy('group_id', 'step')) as Array<{
        group_id: DbNumber;
        step: DbNumber;
        count: DbNumber | null;
      }>;
      for (const row of rows) {
        const id = toNumber(row.group_id);
        const steps = result.get(id) ?? new Map<number, number>();
        const index = toNumber(row.step);
        steps.set(index, (steps.get(index) ?? 0) + toNumber(row.count ?? 0));
        result.set(id, steps);
      }
    }
    return result;
  }

  /**
   * One statement per chunk of entity refs (one for all entities): a
   * UNION ALL of per-entity sums over error_groups, occurrences and
   * targets, summed again per entity. Chunks hold whole entities, so
   * their results only need to be concatenated.
   */
  async getEntityAggregates(options: {
    from: number;
    to: number;
    entityRefs?: string[];
  }): Promise<EntityAggregates[]> {
    const from = integer(options.from, 'from');
    const to = integer(options.to, 'to');
    const parts =
      options.entityRefs === undefined
        ? [undefined]
        : chunk([...new Set(options.entityRefs)], AGGREGATE_CHUNK_SIZE);
    const result: EntityAggregates[] = [];
    for (const refs of parts) {
      result.push(...(await this.#entityAggregates(from, to, refs)));
    }
    // Code unit order, the same on every database whatever its collation.
    // Each entity appears once (grouped, and chunks hold distinct refs).
    return result.sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
  }

  async #entityAggregates(
    from: number,
    to: number,
    entityRefs: string[] | undefined,
  ): Promise<EntityAggregates[]> {
    const q = (identifier: string) => this.#quote(identifier);
    const bindings: string[] = [];
    const restrict = (prefix: 'WHERE' | 'AND') => {
      if (!entityRefs) {
        return '';
      }
      bindings.push(...entityRefs);
      return ` ${prefix} ${q('entity_ref')} IN (${entityRefs
        .map(() => '?')
        .join(', ')})`;
    };
    const window = (column: string) =>
      `${q(column)} >= ${sqlInteger(from)} AND ${q(column)} < ${sqlInteger(
        to,
      )}`;
    const open = `${q('status')} = 'open'`;
    // Occurrences in [from, to), as the sum of the group buckets starting
    // in it (see getOccurrenceSeries), from the per-entity sums: hour totals
    // for the whole hours inside the window, and the entity's buckets
    // (minutes, or hours rolled up) for the partial hours at its edges.
    const wholeFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
    const wholeTo = Math.floor(to / HOUR_MS) * HOUR_MS;
    const range = (start: number, end: number) =>
      `(${q('bucket_start')} >= ${sqlInteger(start)} AND ${q(
        'bucket_start',
      )} < ${sqlInteger(end)})`;
    const bucketRanges: string[] = [];
    const totals: string[] = [];
    if (wholeFrom < wholeTo) {
      totals.push(range(wholeFrom, wholeTo));
      if (from < wholeFrom) bucketRanges.push(range(from, wholeFrom));
      if (wholeTo < to) bucketRanges.push(range(wholeTo, to));
    } else if (from < to) {
      bucketRanges.push(range(from, to));
    }
    const occurrenceRanges =
      [
        ...(totals.length
          ? [
              `(${q('resolution')} = ${sqlInteger(
                HOUR_TOTAL_RESOLUTION,
              )} AND ${totals.join(' OR ')})`,
            ]
          : []),
        ...(bucketRanges.length
          ? [
              `(${q('resolution')} IN (${RESOLUTIONS.map(sqlInteger).join(
                ', ',
              )}) AND (${bucketRanges.join(' OR ')}))`,
            ]
          : []),
      ].join(' OR ') || 'FALSE';
    // TRUE is a keyword on all three (SQLite since 3.23, where booleans
    // are stored as 0/1 and TRUE is 1; MySQL, where it is 1 and the column
    // a TINYINT), and a NULL `up` (never scraped) is simply not up.
    const sql = `SELECT ${q('entity_ref')},
  SUM(${q('open_errors')}) AS ${q('open_errors')},
  SUM(${q('new_errors')}) AS ${q('new_errors')},
  SUM(${q('regressed_errors')}) AS ${q('regressed_errors')},
  SUM(${q('occurrences')}) AS ${q('occurrences')},
  SUM(${q('targets_up')}) AS ${q('targets_up')},
  SUM(${q('targets_total')}) AS ${q('targets_total')}
FROM (
  SELECT ${q('entity_ref')},
    SUM(CASE WHEN ${open} THEN 1 ELSE 0 END) AS ${q('open_errors')},
    SUM(CASE WHEN ${window('first_seen')} THEN 1 ELSE 0 END) AS ${q(
      'new_errors',
    )},
    SUM(CASE WHEN ${open} AND ${q(
      'regressed',
    )} = TRUE THEN 1 ELSE 0 END) AS ${q('regressed_errors')},
    0 AS ${q('occurrences')},
    0 AS ${q('targets_up')},
    0 AS ${q('targets_total')}
  FROM ${q('error_groups')}${restrict('WHERE')}
  GROUP BY ${q('entity_ref')}
  UNION ALL
  SELECT ${q('entity_ref')}, 0, 0, 0, SUM(${q('count')}), 0, 0
  FROM ${q('entity_occurrences')}
  WHERE (${occurrenceRanges})${restrict('AND')}
  GROUP BY ${q('entity_ref')}
  UNION ALL
  SELECT ${q('entity_ref')}, 0, 0, 0, 0,
    SUM(CASE WHEN ${q('up')} = TRUE THEN 1 ELSE 0 END),
    COUNT(*)
  FROM ${q('targets')}${restrict('WHERE')}
  GROUP BY ${q('entity_ref')}
) ${q('parts')}
GROUP BY ${q('entity_ref')}`;
    const rows = this.#rows<{
      entity_ref: string;
      open_errors: DbNumber;
      new_errors: DbNumber;
      regressed_errors: DbNumber;
      occurrences: DbNumber;
      targets_up: DbNumber;
      targets_total: DbNumber;
    }>(await this.#db.raw(sql, bindings));
    return rows.map(row => ({
      entityRef: row.entity_ref,
      openErrors: toNumber(row.open_errors),
      newErrors: toNumber(row.new_errors),
      regressedErrors: toNumber(row.regressed_errors),
      occurrences: toNumber(row.occurrences),
      targetsUp: toNumber(row.targets_up),
      targetsTotal: toNumber(row.targets_total),
    }));
  }

  /** The rows of a `knex.raw` SELECT, whose result shape differs per driver. */
  #rows<T>(result: unknown): T[] {
    if (this.#dialect === 'pg') {
      return (result as { rows: T[] }).rows;
    }
    if (this.#dialect === 'mysql') {
      return (result as [T[], unknown])[0];
    }
    return result as T[];
  }

  async listSamples(groupId: number): Promise<StoredSample[]> {
    const rows: Array<{
      uuid: string;
      timestamp: DbNumber;
      severity: string;
      instance_key: string;
      data: string;
    }> = await this.#db('samples')
      .select('uuid', 'timestamp', 'severity', 'instance_key', 'data')
      .where('group_id', groupId)
      .orderBy([
        { column: 'timestamp', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const samples: StoredSample[] = [];
    for (const row of rows) {
      let data: Pick<StoredSample, 'error' | 'httpContext'>;
      try {
        data = JSON.parse(row.data);
      } catch {
        // written by this class, so only a damaged row gets here; skip it
        continue;
      }
      samples.push({
        uuid: row.uuid,
        timestampMs: toNumber(row.timestamp),
        severity: row.severity,
        instanceKey: row.instance_key,
        error: data.error,
        httpContext: data.httpContext ?? null,
      });
    }
    return samples;
  }

  async listInstanceCounts(groupId: number): Promise<StoredInstanceCount[]> {
    const rows: Array<{
      instance_key: string;
      total_count: DbNumber;
      last_count: DbNumber;
      last_seen: DbNumber;
    }> = await this.#db('instance_counters as c')
      .join('instances as i', 'i.id', 'c.instance_id')
      .where('c.group_id', groupId)
      .select('i.instance_key', 'c.total_count', 'c.last_count', 'c.last_seen')
      .orderBy([
        { column: 'c.total_count', order: 'desc' },
        { column: 'i.instance_key' },
      ]);
    return rows.map(row => ({
      instanceKey: row.instance_key,
      totalCount: toNumber(row.total_count),
      lastCount: toNumber(row.last_count),
      lastSeen: toNumber(row.last_seen),
    }));
  }

  async listOccurrences(options: {
    groupId: number;
    from: number;
    to: number;
  }): Promise<Array<{ time: number; count: number }>> {
    // summed per start time, in case an hour bucket and a minute bucket
    // ever share one (rollup only takes whole hours, so they should not)
    const rows = (await this.#db('occurrences')
      .select('bucket_start')
      .sum({ count: 'count' })
      .where('group_id', options.groupId)
      .andWhere('bucket_start', '>=', integer(options.from, 'from'))
      .andWhere('bucket_start', '<', integer(options.to, 'to'))
      .groupBy('bucket_start')
      .orderBy('bucket_start')) as Array<{
      bucket_start: DbNumber;
      count: DbNumber;
    }>;
    return rows.map(row => ({
      time: toNumber(row.bucket_start),
      count: toNumber(row.count),
    }));
  }

  /**
   * Rolls the entity minute sums older than `rollupBefore` up into hour
   * sums, as the group buckets of the same hours are, so that the entity
   * buckets stay the per-entity sums of the group buckets.
   */
  async #rollUpEntityMinutes(
    tx: Knex.Transaction,
    rollupBefore: number,
  ): Promise<void> {
    const query = tx('entity_occurrences')
      .select('entity_ref', 'bucket_start', 'count')
      .where('resolution', MINUTE_RESOLUTION)
      .andWhere('bucket_start', '<', rollupBefore)
      .orderBy(['entity_ref', 'bucket_start']);
    const minuteRows: Array<{
      entity_ref: string;
      bucket_start: DbNumber;
      count: DbNumber;
    }> = this.#dialect === 'sqlite' ? await query : await query.forUpdate();
    if (minuteRows.length === 0) {
      return;
    }
    const hours = new Map<
      string,
      {
        entity_ref: string;
        resolution: number;
        bucket_start: number;
        count: number;
      }
    >();
    for (const row of minuteRows) {
      const hour = Math.floor(toNumber(row.bucket_start) / HOUR_MS) * HOUR_MS;
      const key = `${row.entity_ref}\n${hour}`;
      const bucket = hours.get(key);
      if (bucket) {
        bucket.count += toNumber(row.count);
      } else {
        hours.set(key, {
          entity_ref: row.entity_ref,
          resolution: HOUR_RESOLUTION,
          bucket_start: hour,
          count: toNumber(row.count),
        });
      }
    }
    await this.#incrementEntityOccurrences(tx, [...hours.values()]);
    await tx('entity_occurrences')
      .where('resolution', MINUTE_RESOLUTION)
      .andWhere('bucket_start', '<', rollupBefore)
      .delete();
  }

  async runRetention(options: {
    now: number;
    retentionMs: number;
    fineBucketMaxAgeMs: number;
  }): Promise<RetentionResult> {
    const now = integer(options.now, 'now');
    const expiry = now - integer(options.retentionMs, 'retentionMs');
    // whole hours only, so each hour bucket is rolled up exactly once and
    // never sits next to minute buckets of the same hour
    const rollupBefore =
      Math.floor(
        (now - integer(options.fineBucketMaxAgeMs, 'fineBucketMaxAgeMs')) /
          HOUR_MS,
      ) * HOUR_MS;

    const samples = await this.#db('samples')
      .where('timestamp', '<', expiry)
      .delete();

    // expired buckets go first, so they are not rolled up only to be deleted
    const occurrenceRows = await this.#db('occurrences')
      .whereIn('resolution', [MINUTE_RESOLUTION, HOUR_RESOLUTION])
      .andWhere('bucket_start', '<', expiry)
      .delete();
    // the per-entity sums alike (not counted: the result is about groups)
    await this.#db('entity_occurrences')
      .whereIn('resolution', [
        HOUR_TOTAL_RESOLUTION,
        MINUTE_RESOLUTION,
        HOUR_RESOLUTION,
      ])
      .andWhere('bucket_start', '<', expiry)
      .delete();

    const rolledUpRows = await this.#transaction(
      async (tx): Promise<number> => {
        await this.#rollUpEntityMinutes(tx, rollupBefore);
        const query = tx('occurrences')
          .select('group_id', 'entity_ref', 'bucket_start', 'count')
          .where('resolution', MINUTE_RESOLUTION)
          .andWhere('bucket_start', '<', rollupBefore)
          .orderBy(['group_id', 'bucket_start']);
        // Locked, so that a second retention run at the same time (another
        // replica) waits and then finds the rows gone instead of adding them
        // to the hour buckets a second time.
        const minuteRows: Array<{
          group_id: DbNumber;
          entity_ref: string;
          bucket_start: DbNumber;
          count: DbNumber;
        }> = this.#dialect === 'sqlite' ? await query : await query.forUpdate();
        if (minuteRows.length === 0) {
          return 0;
        }
        const hours = new Map<string, OccurrenceRow>();
        for (const row of minuteRows) {
          const groupId = toNumber(row.group_id);
          const hour =
            Math.floor(toNumber(row.bucket_start) / HOUR_MS) * HOUR_MS;
          const key = `${groupId}:${hour}`;
          const bucket = hours.get(key);
          if (bucket) {
            bucket.count += toNumber(row.count);
          } else {
            hours.set(key, {
              group_id: groupId,
              entity_ref: row.entity_ref,
              resolution: HOUR_RESOLUTION,
              bucket_start: hour,
              count: toNumber(row.count),
            });
          }
        }
        await this.#incrementOccurrences(tx, [...hours.values()]);
        // Minute buckets are only ever written at "now", so no new row older
        // than the cut-off can have appeared since the locked read.
        return await tx('occurrences')
          .where('resolution', MINUTE_RESOLUTION)
          .andWhere('bucket_start', '<', rollupBefore)
          .delete();
      },
    );

    const instances = await this.#transaction(async (tx): Promise<number> => {
      const query = tx('instances')
        .select('id')
        .where('last_seen_at', '<', expiry)
        .orderBy('id');
      // Locked like an apply locks it: an instance that is being scraped
      // right now gets its last_seen_at refreshed and is then not selected
      // (PostgreSQL re-checks the condition after the wait), so its counters
      // are never dropped while its digest stays, which would count its
      // whole total again.
      const rows: Array<{ id: DbNumber }> =
        this.#dialect === 'sqlite' ? await query : await query.forUpdate();
      let deleted = 0;
      for (const part of chunk(rows.map(r => toNumber(r.id)))) {
        // explicit rather than through ON DELETE CASCADE, which SQLite
        // only honours when foreign keys are switched on for the connection
        await tx('instance_counters').whereIn('instance_id', part).delete();
        deleted += await tx('instances')
          .whereIn('id', part)
          .andWhere('last_seen_at', '<', expiry)
          .delete();
      }
      return deleted;
    });

    return { samples, occurrenceRows, rolledUpRows, instances };
  }
}
