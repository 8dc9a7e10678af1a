import { GroupUpdate } from '../../../aggregation/types';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { capNewGroups, GroupLimitName, GroupLimits } from './capNewGroups';
import { countEntityGroups } from './countEntityGroups';
import { lookUpGroupIds } from './lookUpGroupIds';
import { OVERFLOW_KEY_HASH, overflowUpdate } from './overflowGroup';
import { CounterWrite, ResolvedGroup } from './ResolvedGroup';

/** What the store remembers of one key of one instance. */
export interface CounterState {
  lastCount: number;
  /** Null when the key has no group (it was deleted, or never needed). */
  groupId: number | null;
  /** True when groupId is the entity's overflow group. */
  overflow: boolean;
}

/**
 * What one apply decided about keys new to the entity, kept across its
 * attempts: a key folded once is folded in the attempts that follow, and
 * the groups created count against the per-scrape cap of every attempt.
 */
export interface FoldState {
  folded: Set<string>;
  created: number;
  cap: GroupLimitName | null;
}

/** The rows to write, or the groups to create before the next attempt. */
export type GroupAssignment =
  | {
      kind: 'assigned';
      groups: ResolvedGroup[];
      counters: CounterWrite[];
      /** Keys that this scrape folded into the overflow group. */
      foldedKeys: number;
    }
  | {
      kind: 'missing-groups';
      create: GroupUpdate[];
      /** The overflow group to create, when keys are folded and it does not exist. */
      overflow: GroupUpdate | null;
    };

/**
 * Decides the group of every key of an update: the own group the
 * instance's counter points to, else the entity's group of that key, else
 * a new group within the caps, else the entity's overflow group. A folded
 * key with new occurrences is placed again like a new key, so it gets its
 * own group once there is room (the per-scrape cap only delays it) or once
 * another instance's key created it; what it counted in the overflow group
 * stays there. A key without a group and without new occurrences gets none
 * (a deleted group is only created again by a new occurrence, with first
 * seen now). Reads the database only when the update has keys with new
 * occurrences and no own group.
 */
export async function assignGroups(
  tx: StoreDatabase,
  options: {
    entityRef: string;
    updates: readonly GroupUpdate[];
    counters: ReadonlyMap<string, CounterState>;
    fold: FoldState;
    limits: GroupLimits;
    now: number;
  },
): Promise<GroupAssignment> {
  const { entityRef, counters, fold, limits, now } = options;
  const target = new Map<string, number>();
  let overflowId: number | undefined;
  const updates = options.updates.map(update => {
    const state = counters.get(update.keyHash);
    if (state?.groupId !== null && state?.groupId !== undefined) {
      if (state.overflow) {
        overflowId = state.groupId;
        if (update.delta > 0) {
          return update; // placed again below
        }
      }
      target.set(update.keyHash, state.groupId);
      return update;
    }
    // the key's group was deleted: a new occurrence starts a new group
    return state && update.delta > 0 ? { ...update, firstSeen: now } : update;
  });

  const needing = updates.filter(u => u.delta > 0 && !target.has(u.keyHash));
  if (needing.length > 0) {
    const ids = await lookUpGroupIds(tx, entityRef, [
      ...needing.map(u => u.keyHash),
      OVERFLOW_KEY_HASH,
    ]);
    overflowId = ids.get(OVERFLOW_KEY_HASH) ?? overflowId;
    const unplaced = needing.filter(u => {
      const id = ids.get(u.keyHash);
      if (id !== undefined) {
        target.set(u.keyHash, id);
      }
      return id === undefined;
    });
    let create: GroupUpdate[] = [];
    const fresh = unplaced.filter(u => !fold.folded.has(u.keyHash));
    if (fresh.length > 0) {
      const total = await countEntityGroups(tx, entityRef);
      const decision = capNewGroups(fresh, {
        entityGroups: total - (ids.has(OVERFLOW_KEY_HASH) ? 1 : 0),
        createdThisScrape: fold.created,
        limits,
      });
      for (const u of decision.fold) {
        fold.folded.add(u.keyHash);
      }
      fold.cap = decision.cap ?? fold.cap;
      create = decision.create;
    }
    const folded = unplaced.filter(u => fold.folded.has(u.keyHash));
    const needsOverflow = folded.length > 0 && overflowId === undefined;
    if (create.length > 0 || needsOverflow) {
      return {
        kind: 'missing-groups',
        create,
        overflow: needsOverflow ? overflowUpdate(folded) : null,
      };
    }
    for (const u of folded) {
      target.set(u.keyHash, overflowId!);
    }
  }

  const byGroup = new Map<number, GroupUpdate[]>();
  let foldedKeys = 0;
  const counterWrites = updates.map((u): CounterWrite => {
    const groupId = target.get(u.keyHash) ?? null;
    if (groupId !== null) {
      const list = byGroup.get(groupId);
      if (list) {
        list.push(u);
      } else {
        byGroup.set(groupId, [u]);
      }
      if (groupId === overflowId && fold.folded.has(u.keyHash)) {
        foldedKeys++;
      }
    }
    return {
      keyHash: u.keyHash,
      groupId,
      currentCount: u.currentCount,
      delta: u.delta,
      lastSeen: u.lastSeen,
    };
  });
  const groups = [...byGroup].map(([id, list]): ResolvedGroup => {
    if (id === overflowId) {
      return { id, update: overflowUpdate(list) };
    }
    if (list.length > 1) {
      throw new Error(
        `Group ${id} of ${entityRef} is the group of ${list.length} keys but is no overflow group`,
      );
    }
    return { id, update: list[0] };
  });
  return { kind: 'assigned', groups, counters: counterWrites, foldedKeys };
}
