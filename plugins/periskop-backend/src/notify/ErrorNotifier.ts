import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { mapWithConcurrency } from '../concurrency/mapWithConcurrency';
import type { NotificationSettings } from '../config/readNotificationSettings';
import type { GroupTransition, NotificationStore } from '../database';
import { planNotifications, selectNotifiable } from './planNotifications';

/** Notifications sent at once. */
const SEND_CONCURRENCY = 4;

/**
 * How long the sends of one batch may take; what has not gone out by then
 * counts as failed. The notification service gives no way to cancel a
 * request; the batch goes on without it.
 */
export const NOTIFICATION_SEND_TIMEOUT_MS = 10_000;

/** How often, at most, failed sends are logged. */
export const SEND_FAILURE_LOG_INTERVAL_MS = 60_000;

/** What an {@link ErrorNotifier} sends with, and how. */
export interface ErrorNotifierOptions {
  notifications: Pick<NotificationService, 'send'>;
  store: NotificationStore;
  settings: NotificationSettings;
  logger: LoggerService;
  now?: () => number;
  /** See {@link NOTIFICATION_SEND_TIMEOUT_MS}. */
  sendTimeoutMs?: number;
}

/**
 * Tells the owners of an entity about its new and regressed errors through
 * Backstage's notification service, as `periskop.notifications` says:
 * which events, from which severity on, and at most once per error and
 * quiet period (claimed in the database, so across restarts and replicas).
 *
 * Never throws: a notification is a courtesy, and no failure of it may fail
 * a scrape or a push. Failures are logged at most once a minute, with how
 * many sends failed meanwhile.
 */
export class ErrorNotifier {
  readonly #options: ErrorNotifierOptions;

  #failureLoggedAt = Number.NEGATIVE_INFINITY;
  #unloggedFailures = 0;

  constructor(options: ErrorNotifierOptions) {
    this.#options = options;
  }

  /** Notifies about the transitions of one batch (a scrape cycle, a push). */
  async notify(transitions: readonly GroupTransition[]): Promise<void> {
    const { store, settings } = this.#options;
    const now = (this.#options.now ?? Date.now)();
    const notifiable = selectNotifiable(transitions, settings);
    if (notifiable.length === 0) {
      return;
    }
    let claimed: Set<number>;
    try {
      claimed = new Set(
        await store.claimNotifications(
          notifiable.map(t => t.groupId),
          { now, quietPeriodMs: settings.quietPeriodMs },
        ),
      );
    } catch (error) {
      this.#failed(now, notifiable.length, notifiable.length, error);
      return;
    }
    const planned = planNotifications(
      notifiable.filter(t => claimed.has(t.groupId)),
    );
    const failures = await this.#sendAll(planned);
    if (failures.length > 0) {
      this.#failed(now, failures.length, planned.length, failures[0]);
    }
  }

  /**
   * Sends a batch, a few at a time, within one deadline for the whole
   * batch: a notifications backend that does not answer delays a scrape
   * cycle by that much at most, not by that much per notification. What
   * did not go out by then counts as failed. Returns the failures.
   */
  async #sendAll(
    batch: readonly NotificationSendOptions[],
  ): Promise<unknown[]> {
    if (batch.length === 0) {
      return [];
    }
    const timeoutMs =
      this.#options.sendTimeoutMs ?? NOTIFICATION_SEND_TIMEOUT_MS;
    const deadline = new AbortController();
    const expired = new Error(`no answer within ${timeoutMs} ms`);
    const timedOut = new Promise<never>((_, reject) => {
      deadline.signal.addEventListener('abort', () => reject(expired));
    });
    timedOut.catch(() => {}); // rejected only to end the races below
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      const results = await mapWithConcurrency(
        batch,
        SEND_CONCURRENCY,
        async options => {
          try {
            await Promise.race([
              this.#options.notifications.send(options),
              timedOut,
            ]);
            return { ok: true as const };
          } catch (error) {
            return { ok: false as const, error: error ?? expired };
          }
        },
        deadline.signal,
      );
      // Array.from: sends never started are holes, which map would skip
      return Array.from(results, result => {
        if (result === undefined) {
          return expired; // never started: the deadline came first
        }
        return result.ok ? undefined : result.error;
      }).filter(failure => failure !== undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  #failed(now: number, failed: number, of: number, error: unknown): void {
    if (now - this.#failureLoggedAt < SEND_FAILURE_LOG_INTERVAL_MS) {
      this.#unloggedFailures += failed;
      return;
    }
    const earlier =
      this.#unloggedFailures > 0
        ? `; ${this.#unloggedFailures} more failed since the last such line`
        : '';
    this.#failureLoggedAt = now;
    this.#unloggedFailures = 0;
    // the errors are stored and shown; only their owners were not told
    this.#options.logger.warn(
      `Failed to send ${failed} of ${of} Periskop notification(s)${earlier}: ${error}`,
    );
  }
}
