import type { PeriskopSeverity } from '@periskop-backstage/plugin-periskop-common';
import { OVERFLOW_KEY_HASH } from './overflowGroup';
import { ResolvedGroup } from './ResolvedGroup';

/**
 * What can happen to an error group that its owners want to hear about:
 * it is `new` for its entity (its first occurrence), or it `regressed` (a
 * new occurrence after it was resolved).
 */
export const GROUP_TRANSITION_KINDS = ['new', 'regressed'] as const;

/** One of {@link GROUP_TRANSITION_KINDS}. */
export type GroupTransitionKind = (typeof GROUP_TRANSITION_KINDS)[number];

/**
 * A group that one committed apply made new or reopened, with what a
 * notification about it says. Each transition is reported by exactly one
 * apply: the one whose transaction held the group's row when it changed.
 */
export interface GroupTransition {
  kind: GroupTransitionKind;
  groupId: number;
  entityRef: string;
  /** As stored and shown (redacted). */
  aggregationKey: string;
  /** Of the newest sample of the update (or from the key when it has none). */
  errorClass: string;
  message: string;
  severity: PeriskopSeverity;
  /** Occurrences this apply added. */
  newOccurrences: number;
  /** The group's lifetime total after the apply. */
  totalCount: number;
  /** Who had resolved a regressed group; null for new groups or when unknown. */
  resolvedBy: string | null;
}

/** A changed group's row as the apply found it, under its lock, before updating it. */
export interface GroupStateBefore {
  totalCount: number;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
}

/**
 * The transitions of the changed groups of one apply, from their rows as
 * read (locked) before the update: a group whose total was still 0 is new
 * (groups are created with 0 and the apply adds the first delta), a
 * resolved one regressed. The entity's overflow group is no error of its
 * own and never makes one.
 */
export function detectTransitions(
  entityRef: string,
  changed: readonly ResolvedGroup[],
  before: ReadonlyMap<number, GroupStateBefore>,
): GroupTransition[] {
  const transitions: GroupTransition[] = [];
  for (const { id, update } of changed) {
    const state = before.get(id);
    if (!state || update.delta <= 0 || update.keyHash === OVERFLOW_KEY_HASH) {
      continue;
    }
    let kind: GroupTransitionKind | undefined;
    if (state.totalCount === 0) {
      kind = 'new';
    } else if (state.status === 'resolved') {
      kind = 'regressed';
    }
    if (kind) {
      transitions.push({
        kind,
        groupId: id,
        entityRef,
        aggregationKey: update.aggregationKey,
        errorClass: update.errorClass,
        message: update.message,
        severity: update.severity,
        newOccurrences: update.delta,
        totalCount: state.totalCount + update.delta,
        resolvedBy: kind === 'regressed' ? state.resolvedBy : null,
      });
    }
  }
  return transitions;
}
