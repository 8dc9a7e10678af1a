import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { defaultErrorsTabPath } from '@periskop-backstage/plugin-periskop-common';
import type { GroupTransition } from '../database';
import { mostSevere, NOTIFICATION_SEVERITY } from './notificationSeverity';

/** Characters of an error message a notification shows; the Errors tab has the rest. */
export const MAX_MESSAGE_LENGTH = 300;

/**
 * The scope of the notifications about one error group: a later
 * notification about the same group (a regression after the "new" one)
 * updates the one the owners have instead of adding another.
 */
export function errorScope(groupId: number): string {
  return `periskop:error:${groupId}`;
}

/** The scope of an entity's summary of the errors over the per-entity cap. */
export function entitySummaryScope(entityRef: string): string {
  return `periskop:entity:${entityRef}`;
}

/**
 * An entity as a notification names it: its name, with its namespace when
 * that is not `default`.
 */
export function entityDisplayName(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= MAX_MESSAGE_LENGTH
    ? line
    : `${chars.slice(0, MAX_MESSAGE_LENGTH - 1).join('')}…`;
}

/**
 * The notification about one new or regressed error, to the owners of its
 * entity: the notifications backend resolves `{ type: 'entity' }` to the
 * members of the owning group. The topic is the entity, so that a user can
 * mute one service's errors in the notification settings and keep the
 * others.
 */
export function errorNotification(
  transition: GroupTransition,
): NotificationSendOptions {
  const { entityRef, errorClass, groupId } = transition;
  const entity = entityDisplayName(entityRef);
  const title =
    transition.kind === 'new'
      ? `New error in ${entity}: ${errorClass}`
      : `Error regressed in ${entity}: ${errorClass}`;
  const counts =
    transition.kind === 'new'
      ? `${plural(transition.totalCount, 'occurrence')} so far.`
      : `${plural(
          transition.newOccurrences,
          'new occurrence',
        )} after it was resolved${
          transition.resolvedBy ? ` by ${transition.resolvedBy}` : ''
        }; ${transition.totalCount} in total.`;
  return {
    recipients: { type: 'entity', entityRef },
    payload: {
      title,
      description: `${shorten(transition.message)} — ${counts}`,
      link: defaultErrorsTabPath(entityRef, String(groupId)),
      severity: NOTIFICATION_SEVERITY[transition.severity],
      topic: entityRef,
      scope: errorScope(groupId),
      metadata: {
        errorId: String(groupId),
        entityRef,
        event: transition.kind,
        severity: transition.severity,
      },
    },
  };
}

/**
 * One notification for the errors of an entity past the per-entity cap of
 * one batch (see `planNotifications`), linking to the Errors tab.
 */
export function entitySummaryNotification(
  entityRef: string,
  transitions: readonly GroupTransition[],
): NotificationSendOptions {
  const entity = entityDisplayName(entityRef);
  const classes = [...new Set(transitions.map(t => t.errorClass))];
  const shown = classes.slice(0, 5).join(', ');
  return {
    recipients: { type: 'entity', entityRef },
    payload: {
      title: `${plural(
        transitions.length,
        'more new or regressed error',
      )} in ${entity}`,
      description: shorten(classes.length > 5 ? `${shown} and more` : shown),
      link: defaultErrorsTabPath(entityRef),
      severity:
        NOTIFICATION_SEVERITY[mostSevere(transitions.map(t => t.severity))],
      topic: entityRef,
      scope: entitySummaryScope(entityRef),
      metadata: { entityRef, errors: transitions.length },
    },
  };
}
