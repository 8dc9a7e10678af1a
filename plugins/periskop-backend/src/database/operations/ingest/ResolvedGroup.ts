import { GroupUpdate } from '../../../aggregation/types';

/** A group update together with the id of its row. */
export interface ResolvedGroup {
  id: number;
  update: GroupUpdate;
}

/**
 * The counter of one (instance, aggregation key) to write: its last count,
 * the delta to add to its lifetime sum, and the group its deltas go to
 * (its own, the entity's overflow group, or none: a key whose group was
 * deleted, and which brought no new occurrence to create one).
 */
export interface CounterWrite {
  keyHash: string;
  groupId: number | null;
  currentCount: number;
  delta: number;
  lastSeen: number;
}
