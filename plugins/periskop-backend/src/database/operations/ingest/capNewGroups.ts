import { GroupUpdate } from '../../../aggregation/types';

/** The caps on error groups (`periskop.limits`). */
export interface GroupLimits {
  /** Groups an entity may have, its overflow group not counted. */
  groupsPerEntity: number;
  /** Groups one scrape of one target may create. */
  newGroupsPerTargetPerCycle: number;
}

/** The name of one cap, as `periskop.limits.<name>`. */
export type GroupLimitName = keyof GroupLimits;

/** Which new keys get a group of their own, and which are folded. */
export interface NewGroupsDecision {
  create: GroupUpdate[];
  fold: GroupUpdate[];
  /** The cap that folded keys; null when none was folded. */
  cap: GroupLimitName | null;
}

/**
 * Splits keys new to an entity (no group yet) into those that get a group
 * and those folded into the overflow group, within both caps. The keys
 * with the most new occurrences get groups first (then by key hash, so a
 * retried apply decides alike). Pure.
 *
 * @param options.entityGroups - the entity's groups now, its overflow group not counted
 * @param options.createdThisScrape - groups this scrape created already (an apply may take several attempts)
 */
export function capNewGroups(
  keys: readonly GroupUpdate[],
  options: {
    entityGroups: number;
    createdThisScrape: number;
    limits: GroupLimits;
  },
): NewGroupsDecision {
  const { entityGroups, createdThisScrape, limits } = options;
  const entityRoom = Math.max(0, limits.groupsPerEntity - entityGroups);
  const scrapeRoom = Math.max(
    0,
    limits.newGroupsPerTargetPerCycle - createdThisScrape,
  );
  const room = Math.min(entityRoom, scrapeRoom);
  if (keys.length <= room) {
    return { create: [...keys], fold: [], cap: null };
  }
  const ordered = [...keys].sort((a, b) => {
    if (a.delta !== b.delta) {
      return b.delta - a.delta;
    }
    return a.keyHash < b.keyHash ? -1 : 1;
  });
  return {
    create: ordered.slice(0, room),
    fold: ordered.slice(room),
    cap:
      entityRoom <= scrapeRoom
        ? 'groupsPerEntity'
        : 'newGroupsPerTargetPerCycle',
  };
}
