import { setTimeout } from 'node:timers/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isConnectionLost } from '../database';

/** The first wait before a store call is tried again; it doubles from here. */
export const STORAGE_RETRY_FIRST_WAIT_MS = 500;

/** The longest wait between two tries. */
export const STORAGE_RETRY_MAX_WAIT_MS = 10_000;

/**
 * Runs a store call of a scrape cycle. When the database cannot be reached
 * and the cycle has a signal (scheduled tasks pass theirs, which aborts at
 * the task's timeout), the call is tried again with growing waits until
 * the database is back or the signal aborts.
 *
 * Why wait: the scheduler releases a global task in the same database. A
 * task that fails while the database is down cannot be released, stays
 * claimed and runs again only once the scheduler's janitor frees it after
 * its timeout. A task that waits finishes (health recorded, task
 * released) as soon as the database is back. Other failures, and calls
 * without a signal, fail at once. Every outage is logged once in full.
 */
export async function retryWhileStorageDown<T>(
  call: () => Promise<T>,
  options: {
    /** What the call does, for the log: "recording the health of 3 targets". */
    what: string;
    logger: LoggerService;
    signal?: AbortSignal;
    firstWaitMs?: number;
    maxWaitMs?: number;
  },
): Promise<T> {
  const { what, logger, signal } = options;
  let waitMs = options.firstWaitMs ?? STORAGE_RETRY_FIRST_WAIT_MS;
  const maxWaitMs = options.maxWaitMs ?? STORAGE_RETRY_MAX_WAIT_MS;
  let waitingSince: number | undefined;
  for (;;) {
    try {
      const result = await call();
      if (waitingSince !== undefined) {
        logger.info(
          `Periskop scrape cycle: the database is back after ${Math.round(
            (Date.now() - waitingSince) / 1000,
          )}s, done ${what}`,
        );
      }
      return result;
    } catch (error) {
      const wait = signal && !signal.aborted && isConnectionLost(error);
      if (waitingSince === undefined) {
        logger.error(
          wait
            ? `Periskop scrape cycle: storage error while ${what}; waiting for the database until the task's timeout`
            : `Periskop scrape cycle failed: storage error while ${what}`,
          error as Error,
        );
      }
      if (!wait) {
        if (waitingSince !== undefined) {
          logger.error(
            `Periskop scrape cycle failed: storage error while ${what}; the database was not back in time`,
          );
        }
        throw error;
      }
      waitingSince ??= Date.now();
      // an abort ends the wait; the next try then fails for good
      await setTimeout(waitMs, undefined, { signal }).catch(() => {});
      waitMs = Math.min(waitMs * 2, maxWaitMs);
    }
  }
}
