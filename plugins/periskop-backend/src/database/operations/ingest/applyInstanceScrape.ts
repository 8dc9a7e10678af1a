import type { PeriskopSeverity } from '@periskop-backstage/plugin-periskop-common';
import {
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
} from '../../../aggregation/types';
import {
  DbBoolean,
  DbNumber,
  HOUR_MS,
  INSTANCE_KEY_LENGTH,
  InstanceRow,
  toBoolean,
  toNullableNumber,
  toNumber,
} from '../../tables';
import { fitToColumn, integer } from '../../sql/sqlValues';
import {
  forUpdate,
  inTransaction,
  StoreDatabase,
} from '../../sql/StoreDatabase';
import { assignGroups, CounterState, FoldState } from './assignGroups';
import { GroupLimits } from './capNewGroups';
import { createGroups, createInstance } from './createGroups';
import { isForeignKeyViolation } from '../../sql/isForeignKeyViolation';
import { isTransientTransactionError } from '../../sql/isTransientTransactionError';
import { KnownContents } from './KnownContents';
import { GroupTransition } from './GroupTransition';
import { limitNotice } from './limitNotice';
import { writeGroupUpdates } from './writeGroupUpdates';

/**
 * An instance whose payload did not change is still alive; its last_seen_at
 * is refreshed at most this often so that quiet instances are not forgotten
 * by retention while steady state stays (almost) write-free.
 */
const LIVENESS_WRITE_INTERVAL_MS = HOUR_MS;

/** Attempts of one apply when the database reports a deadlock or serialization failure. */
const MAX_TRANSACTION_ATTEMPTS = 4;

/** One scrape of one instance, and how to turn the stored state into writes. */
export interface InstanceScrape {
  entityRef: string;
  instanceKey: string;
  url: string;
  now: number;
  /** Free of side effects: it may run more than once (see below). */
  compute: (state: InstanceState) => InstanceUpdate | null;
}

/**
 * The occurrences one committed apply added to one error group: what the
 * occurrence metric counts (see `PeriskopMetrics`).
 */
export interface GroupDelta {
  /**
   * The key as stored and shown (redacted); for keys counted in the
   * entity's overflow group, that group's title: one series for all of
   * them, so that a client that puts ids into its keys cannot grow the
   * metric without bound.
   */
  aggregationKey: string;
  /** The severity the group's update carries (of its newest sample). */
  severity: PeriskopSeverity;
  /** More than 0. */
  delta: number;
}

/** What an apply counted. */
export interface InstanceScrapeResult {
  newOccurrences: number;
  groupsChanged: number;
  /**
   * The committed occurrences per group, one entry per group whose total
   * grew (their deltas sum to `newOccurrences`). Only the attempt that
   * committed is reported, so a transaction retried after a deadlock
   * counts once.
   */
  groupDeltas: GroupDelta[];
  /**
   * The groups this apply made new for the entity or reopened as
   * regressions; like `groupDeltas`, only of the attempt that committed,
   * so each transition is reported once over all applies and replicas.
   */
  transitions: GroupTransition[];
  /** New keys of this scrape counted in the entity's overflow group. */
  foldedKeys: number;
  /** For the target's health: which cap folded how many keys; null when none did. */
  limitNotice: string | null;
}

/** What the apply needs besides the scrape: the store's settings and memory. */
export interface ApplyOptions {
  /** Samples kept per group, newest first. */
  samplesPerError: number;
  /** Caps on new groups; keys past them are counted in the overflow group. */
  limits: GroupLimits;
  /** Sample contents known to be stored (shared by every apply of the process). */
  known: KnownContents;
}

type Attempt =
  | {
      kind: 'applied';
      result: InstanceScrapeResult;
      contentsWritten: string[];
    }
  | { kind: 'missing-instance' }
  | {
      kind: 'missing-groups';
      create: GroupUpdate[];
      overflow: GroupUpdate | null;
    };

/**
 * Applies one scrape of one instance atomically: in one transaction, with
 * the instance's row locked (so two replicas or a retried scrape never
 * count the same occurrences twice), reads the instance's counter state,
 * calls `compute`, and writes what it returns.
 *
 * Statements per call (k groups in the update, in chunks of 500), not
 * counting BEGIN/COMMIT:
 *
 * - steady state (compute returns null): 2 reads (the instance row with
 *   its lock, the counter state), plus 1 throttled liveness update per
 *   instance and hour;
 * - with changes: the 2 reads, +1 lookup of group ids when the update has
 *   new occurrences of keys this instance has no group for yet (+1 count
 *   of the entity's groups when some of them have none at all), +1
 *   ordered read of the changed groups' rows (locking them, except on
 *   SQLite; it also tells new groups and regressions, see `lockGroups`),
 *   1 group update, 1 counter upsert, 1 sample insert and 1
 *   sample cap, 1 occurrence upsert, 1 entity sum upsert, 1 instance
 *   update: independent of k and of the number of samples;
 * - the first scrape of an instance, and an update with groups new to the
 *   entity, first create those rows in one short statement each (outside
 *   the transaction, see below) and then run the transaction again.
 *
 * `compute` may therefore run more than once (also when a deadlock or
 * serialization failure retries the transaction with freshly read state);
 * only the result of the last call is written.
 *
 * New keys get groups within the caps of `options.limits` (see
 * `capNewGroups`); the others are counted, exactly, in the entity's one
 * overflow group, and their counters point to it. Two applies of one
 * entity at once may both create groups near the entity cap, so it can be
 * passed by what they create together in that moment, at most the
 * per-scrape cap each; there is never a second overflow group (its key
 * hash is reserved and unique per entity).
 */
export async function applyInstanceScrape(
  db: StoreDatabase,
  scrape: InstanceScrape,
  options: ApplyOptions,
): Promise<InstanceScrapeResult> {
  const instanceKey = fitToColumn(scrape.instanceKey, INSTANCE_KEY_LENGTH);
  const now = integer(scrape.now, 'now');
  const fold: FoldState = { folded: new Set(), created: 0, cap: null };
  let preparations = 0;
  for (let attempt = 1; ; ) {
    try {
      const outcome = await inTransaction(db, tx =>
        applyLocked(tx, scrape, instanceKey, now, options, fold),
      );
      if (outcome.kind === 'applied') {
        // only now that they are committed may later applies rely on them
        options.known.remember(outcome.contentsWritten, now);
        return outcome.result;
      }
      if (++preparations > MAX_TRANSACTION_ATTEMPTS) {
        throw new Error(
          `Could not create the rows for instance ${instanceKey} of ${scrape.entityRef}`,
        );
      }
      // Rows that the transaction needs but that do not exist yet are
      // created outside of it, in one short statement each, and the
      // transaction then runs again from the start. Inserting them inside
      // would make concurrent applies deadlock: on MySQL two transactions
      // that lock the same missing row hold gap locks that block each
      // other's insert, and a new group row stays locked by its inserter
      // while that inserter goes on to lock other groups.
      if (outcome.kind === 'missing-instance') {
        await createInstance(db, {
          entityRef: scrape.entityRef,
          instanceKey,
          url: scrape.url,
          now,
        });
      } else {
        await createGroups(db, scrape.entityRef, outcome.create);
        fold.created += outcome.create.length;
        if (outcome.overflow) {
          await createGroups(db, scrape.entityRef, [outcome.overflow], {
            overflow: true,
          });
        }
      }
    } catch (error) {
      // A group deleted by retention after this attempt read the counters
      // makes its writes fail on the foreign key: the next attempt reads
      // the counters again, without that group.
      if (
        attempt >= MAX_TRANSACTION_ATTEMPTS ||
        !(isTransientTransactionError(error) || isForeignKeyViolation(error))
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
async function applyLocked(
  tx: StoreDatabase,
  scrape: InstanceScrape,
  instanceKey: string,
  now: number,
  options: ApplyOptions,
  fold: FoldState,
): Promise<Attempt> {
  // The row lock serialises applies of the same instance across replicas
  // and retries.
  const [instance]: Array<
    Pick<InstanceRow, 'id' | 'counters_digest' | 'last_seen_at'>
  > = await forUpdate(
    tx,
    tx
      .knex('instances')
      .select('id', 'counters_digest', 'last_seen_at')
      .where({ entity_ref: scrape.entityRef, instance_key: instanceKey }),
  );
  if (!instance) {
    return { kind: 'missing-instance' };
  }
  const instanceId = toNumber(instance.id);

  // the group as it exists: a counter whose group is gone has none
  const stateRows: Array<{
    key_hash: string;
    group_id: DbNumber | null;
    overflow: DbBoolean | null;
    last_count: DbNumber;
  }> = await tx
    .knex('instance_counters as c')
    .leftJoin('error_groups as g', 'g.id', 'c.group_id')
    .where('c.instance_id', instanceId)
    .select('c.key_hash', 'g.id as group_id', 'g.overflow', 'c.last_count');
  const lastCounts = new Map<string, number>();
  const counters = new Map<string, CounterState>();
  for (const row of stateRows) {
    const lastCount = toNumber(row.last_count);
    lastCounts.set(row.key_hash, lastCount);
    counters.set(row.key_hash, {
      lastCount,
      groupId: toNullableNumber(row.group_id),
      overflow: row.overflow !== null && toBoolean(row.overflow),
    });
  }

  const update = scrape.compute({
    countersDigest: instance.counters_digest ?? null,
    lastCounts,
  });

  if (!update) {
    if (now - toNumber(instance.last_seen_at) >= LIVENESS_WRITE_INTERVAL_MS) {
      await tx
        .knex('instances')
        .where('id', instanceId)
        .update({ last_seen_at: now, url: scrape.url });
    }
    return {
      kind: 'applied',
      result: {
        newOccurrences: 0,
        groupsChanged: 0,
        groupDeltas: [],
        transitions: [],
        foldedKeys: 0,
        limitNotice: null,
      },
      contentsWritten: [],
    };
  }
  validateUpdate(scrape.entityRef, update);

  const assignment = await assignGroups(tx, {
    entityRef: scrape.entityRef,
    updates: update.groups,
    counters,
    fold,
    limits: options.limits,
    now,
  });
  if (assignment.kind === 'missing-groups') {
    return assignment;
  }

  const { newOccurrences, contentsWritten, transitions } =
    await writeGroupUpdates(tx, {
      entityRef: scrape.entityRef,
      instanceId,
      now,
      groups: assignment.groups,
      counters: assignment.counters,
      samplesPerError: options.samplesPerError,
      known: options.known,
    });

  await tx.knex('instances').where('id', instanceId).update({
    counters_digest: update.countersDigest,
    url: scrape.url,
    last_seen_at: now,
  });

  const { foldedKeys } = assignment;
  return {
    kind: 'applied',
    result: {
      newOccurrences,
      groupsChanged: update.groups.length,
      // per group row: the keys folded into the overflow group are one entry
      groupDeltas: assignment.groups
        .filter(group => group.update.delta > 0)
        .map(({ update: { aggregationKey, severity, delta } }) => ({
          aggregationKey,
          severity,
          delta,
        })),
      transitions,
      foldedKeys,
      limitNotice:
        foldedKeys > 0 && fold.cap
          ? limitNotice(foldedKeys, fold.cap, options.limits)
          : null,
    },
    contentsWritten,
  };
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
