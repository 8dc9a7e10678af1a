import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
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
    enabled: readEnabled(config),
    minSeverity: readMinSeverity(config),
    events: readEvents(config),
    quietPeriodMs: readQuietPeriod(config),
  };
}

function readEnabled(config: Config | undefined): boolean | undefined {
  try {
    return config?.getOptionalBoolean('enabled');
  } catch {
    throw new InputError(
      `${KEY}.enabled must be true or false, got ${JSON.stringify(
        config?.getOptional('enabled'),
      )}`,
    );
  }
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

function readQuietPeriod(config: Config | undefined): number {
  if (!config?.has('quietPeriod')) {
    return DEFAULT_NOTIFICATION_QUIET_PERIOD_MS;
  }
  let ms: number;
  try {
    ms = durationToMilliseconds(
      readDurationFromConfig(config, { key: 'quietPeriod' }),
    );
  } catch (error) {
    throw new InputError(
      `${KEY}.quietPeriod must be a duration like { hours: 1 } or 'PT1H': ${
        (error as Error).message
      }`,
    );
  }
  if (!(ms > 0)) {
    throw new InputError(`${KEY}.quietPeriod must be a positive duration`);
  }
  return ms;
}
