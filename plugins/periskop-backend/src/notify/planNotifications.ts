import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { NotificationSettings } from '../config/readNotificationSettings';
import type { GroupTransition } from '../database';
import {
  entitySummaryNotification,
  errorNotification,
} from './errorNotifications';
import { isAtLeast } from './notificationSeverity';
import { PERISKOP_SEVERITIES } from '@periskop-backstage/plugin-periskop-common';

/**
 * Notifications about single errors per entity and batch (a scrape cycle,
 * a push); the rest of the entity's errors of that batch are summed up in
 * one notification. The first scrape of a service that has been failing
 * for a while reports all its errors as new at once; its owners hear about
 * the worst few, and that there are more, not about each one.
 */
export const MAX_ERROR_NOTIFICATIONS_PER_ENTITY = 5;

/**
 * The transitions the settings want notified: of the configured events and
 * at least the minimum severity; one per group (the last one, if an error
 * came and regressed within one batch).
 */
export function selectNotifiable(
  transitions: readonly GroupTransition[],
  settings: Pick<NotificationSettings, 'events' | 'minSeverity'>,
): GroupTransition[] {
  const byGroup = new Map<number, GroupTransition>();
  for (const transition of transitions) {
    if (
      settings.events.includes(transition.kind) &&
      isAtLeast(transition.severity, settings.minSeverity)
    ) {
      byGroup.set(transition.groupId, transition);
    }
  }
  return [...byGroup.values()];
}

/** Regressions first: someone thought them fixed. */
const KIND_ORDER: Record<GroupTransition['kind'], number> = {
  regressed: 0,
  new: 1,
};

/** Most severe first, then regressions before new errors, then the most occurrences. */
function byImportance(a: GroupTransition, b: GroupTransition): number {
  return (
    PERISKOP_SEVERITIES.indexOf(a.severity) -
      PERISKOP_SEVERITIES.indexOf(b.severity) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    b.newOccurrences - a.newOccurrences ||
    a.groupId - b.groupId
  );
}

/**
 * The notifications to send about the transitions of one batch (already
 * selected and claimed): one per error, the most important
 * {@link MAX_ERROR_NOTIFICATIONS_PER_ENTITY} of each entity, and one
 * summary per entity for the rest.
 */
export function planNotifications(
  transitions: readonly GroupTransition[],
): NotificationSendOptions[] {
  const byEntity = new Map<string, GroupTransition[]>();
  for (const transition of transitions) {
    const list = byEntity.get(transition.entityRef);
    if (list) {
      list.push(transition);
    } else {
      byEntity.set(transition.entityRef, [transition]);
    }
  }
  const planned: NotificationSendOptions[] = [];
  for (const [entityRef, list] of byEntity) {
    const ordered = [...list].sort(byImportance);
    const single = ordered.slice(0, MAX_ERROR_NOTIFICATIONS_PER_ENTITY);
    const rest = ordered.slice(MAX_ERROR_NOTIFICATIONS_PER_ENTITY);
    planned.push(...single.map(errorNotification));
    if (rest.length > 0) {
      planned.push(entitySummaryNotification(entityRef, rest));
    }
  }
  return planned;
}
