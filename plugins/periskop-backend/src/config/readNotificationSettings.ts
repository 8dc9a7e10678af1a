import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import {
  GROUP_TRANSITION_KINDS,
  GroupTransitionKind,
} from '../database/operations/ingest/GroupTransition';
import {
  DEFAULT_NOTIFICATION_EVENTS,
  DEFAULT_NOTIFICATION_MIN_SEVERITY,
  DEFAULT_NOTIFICATION_QUIET_PERIOD_MS,
} from './defaults';
import { readDuration, readOptionalBoolean } from './configValues';

/** The validated `periskop.notifications`, with every default applied. */
export interface NotificationSettings {
  /**
   * As configured; undefined (the default) means on when the
   * notifications backend is installed (see `createLiveUpdates`).
   */
  enabled: boolean | undefined;
  /** Errors less severe than this notify nobody. */
  minSeverity: PeriskopSeverity;
  /** What is notified: new errors, regressions, or both. */
  events: GroupTransitionKind[];
  /** After a notification about an error, none about it for this long. */
  quietPeriodMs: number;
}

const KEY = 'periskop.notifications';

/**
 * Reads `periskop.notifications` (the section may be absent). Throws an
 * `InputError` naming the key for a bad value, so that a misconfiguration
 * stops the backend at startup.
 */
export function readNotificationSettings(
  periskop: Config | undefined,
): NotificationSettings {
  const config = periskop?.getOptionalConfig('notifications');
  return {
    enabled: readOptionalBoolean(periskop, 'notifications.enabled'),
    minSeverity: readMinSeverity(config),
    events: readEvents(config),
    quietPeriodMs: readDuration(
      periskop,
      'notifications.quietPeriod',
      DEFAULT_NOTIFICATION_QUIET_PERIOD_MS,
    ),
  };
}

function readMinSeverity(config: Config | undefined): PeriskopSeverity {
  const value = config?.getOptional('minSeverity');
  if (value === undefined) {
    return DEFAULT_NOTIFICATION_MIN_SEVERITY;
  }
  const severity = PERISKOP_SEVERITIES.find(s => s === value);
  if (!severity) {
    throw new InputError(
      `${KEY}.minSeverity must be one of ${PERISKOP_SEVERITIES.join(
        ', ',
      )}, got ${JSON.stringify(value)}`,
    );
  }
  return severity;
}

function readEvents(config: Config | undefined): GroupTransitionKind[] {
  const value = config?.getOptional('events');
  if (value === undefined) {
    return [...DEFAULT_NOTIFICATION_EVENTS];
  }
  const allowed = GROUP_TRANSITION_KINDS.join(', ');
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(
      `${KEY}.events must list one or more of ${allowed} (set ${KEY}.enabled to false to send none), got ${JSON.stringify(
        value,
      )}`,
    );
  }
  const events = new Set<GroupTransitionKind>();
  value.forEach((entry, index) => {
    const kind = GROUP_TRANSITION_KINDS.find(k => k === entry);
    if (!kind) {
      throw new InputError(
        `${KEY}.events[${index}] must be one of ${allowed}, got ${JSON.stringify(
          entry,
        )}`,
      );
    }
    events.add(kind);
  });
  return [...events];
}
