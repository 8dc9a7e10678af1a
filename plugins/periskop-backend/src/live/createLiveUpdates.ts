import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { NotificationSettings } from '../config/readNotificationSettings';
import type { NotificationStore } from '../database';
import { ErrorNotifier } from '../notify/ErrorNotifier';
import { ErrorsChangedSignals } from './ErrorsChangedSignals';
import { LiveUpdates } from './LiveUpdates';

/** Whether notifications are sent, and the one line that says why. */
export interface NotificationsDecision {
  on: boolean;
  /** Logged once at startup. */
  message: string;
}

/**
 * Decides from `periskop.notifications.enabled` and whether the
 * notifications backend is installed (undefined: not known, as when the
 * parts are built without a backend).
 */
export function decideNotifications(
  settings: NotificationSettings,
  installed: boolean | undefined,
): NotificationsDecision {
  const what = `${settings.events.join(' and ')} errors of severity ${
    settings.minSeverity
  } or more, at most one per error every ${formatWholeDuration(
    settings.quietPeriodMs,
  )}`;
  if (settings.enabled === false) {
    return {
      on: false,
      message:
        'Periskop notifications are off (periskop.notifications.enabled is false)',
    };
  }
  if (installed === false && settings.enabled === undefined) {
    return {
      on: false,
      message:
        'Periskop notifications are off: the notifications backend (@backstage/plugin-notifications-backend) is not installed; set periskop.notifications.enabled to true to send through a notification service of your own',
    };
  }
  if (installed === false) {
    return {
      on: true,
      message: `Periskop notifications are on (periskop.notifications.enabled is true) although no notifications backend was found: ${what}`,
    };
  }
  return { on: true, message: `Periskop notifications are on: ${what}` };
}

/**
 * The quiet period in the largest whole unit (`1 hour`, `90 minutes`); the
 * scrape's `formatDuration` prints seconds, which fits timeouts, not hours.
 */
function formatWholeDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms % size === 0) {
      const count = ms / size;
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/**
 * The live updates of the plugin from its services: notifications as
 * `periskop.notifications` and the installed plugins decide (logged in one
 * line), and live-update signals when the signals backend is installed.
 * `installedPlugins` undefined means unknown: each service given is used.
 */
export function createLiveUpdates(options: {
  settings: NotificationSettings;
  store: NotificationStore;
  logger: LoggerService;
  notifications?: Pick<NotificationService, 'send'>;
  signals?: Pick<SignalsService, 'publish'>;
  installedPlugins?: ReadonlySet<string>;
}): LiveUpdates {
  const { settings, store, logger, installedPlugins } = options;
  let notifier: ErrorNotifier | undefined;
  if (options.notifications) {
    const decision = decideNotifications(
      settings,
      installedPlugins && installedPlugins.has('notifications'),
    );
    logger.info(decision.message);
    if (decision.on) {
      notifier = new ErrorNotifier({
        notifications: options.notifications,
        store,
        settings,
        logger,
      });
    }
  }
  // Without the signals backend nobody listens; pages refresh at the
  // scrape interval instead (see the frontend's useLiveRefresh).
  const signals =
    options.signals && (installedPlugins?.has('signals') ?? true)
      ? new ErrorsChangedSignals({ signals: options.signals, logger })
      : undefined;
  return new LiveUpdates({ notifier, signals });
}
