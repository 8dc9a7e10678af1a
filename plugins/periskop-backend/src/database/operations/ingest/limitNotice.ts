import { GroupLimitName, GroupLimits } from './capNewGroups';
import { OVERFLOW_GROUP_TITLE } from './overflowGroup';

/**
 * The sentence a target's health shows when its scrape counted keys
 * into the overflow group: how many, and which cap (with its config key).
 * Pure.
 */
export function limitNotice(
  foldedKeys: number,
  cap: GroupLimitName,
  limits: GroupLimits,
): string {
  const keys = foldedKeys === 1 ? 'error key' : 'error keys';
  const reason =
    cap === 'groupsPerEntity'
      ? `the entity has ${limits.groupsPerEntity} groups`
      : `one scrape of a target may create ${limits.newGroupsPerTargetPerCycle} groups`;
  return `${foldedKeys} ${keys} folded into "${OVERFLOW_GROUP_TITLE}": ${reason} (periskop.limits.${cap})`;
}
