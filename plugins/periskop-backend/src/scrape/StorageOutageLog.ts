import type { LoggerService } from '@backstage/backend-plugin-api';
import { isConnectionLost } from '../database/sql/isConnectionLost';

/** How often, at most, a store that cannot be reached is logged by the scraper. */
export const STORAGE_OUTAGE_LOG_INTERVAL_MS = 60_000;

/**
 * Logs the store failures of single targets. A failure because the
 * database cannot be reached is the same for every target of the fleet,
 * so it is logged in full once per interval, with the number of targets
 * it hit meanwhile, instead of once per target (the scrape cycle logs the
 * outage and its end too). Any other failure is logged every time.
 */
export class StorageOutageLog {
  #loggedAt = Number.NEGATIVE_INFINITY;
  #suppressed = 0;

  constructor(
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = STORAGE_OUTAGE_LOG_INTERVAL_MS,
  ) {}

  /** Logs that storing the scrape of `what` failed with `error`. */
  storeFailed(what: string, error: unknown): void {
    if (!isConnectionLost(error)) {
      this.logger.error(
        `Failed to store the scrape of ${what}`,
        error as Error,
      );
      return;
    }
    const now = this.now();
    if (now - this.#loggedAt < this.intervalMs) {
      this.#suppressed += 1;
      return;
    }
    const others =
      this.#suppressed > 0
        ? `; ${
            this.#suppressed
          } more target(s) failed the same way since the last such line`
        : '';
    this.#loggedAt = now;
    this.#suppressed = 0;
    this.logger.error(
      `Failed to store the scrape of ${what}: the database cannot be reached${others}`,
      error as Error,
    );
  }
}
