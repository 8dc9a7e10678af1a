import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SCRAPE_INTERVAL_SECONDS,
} from '@periskop-backstage/plugin-periskop-common';

// The defaults of the `periskop` configuration, each declared once here:
// the config reader applies them, code that runs without the config (the
// store, tests, the benchmark) imports them, and `config.d.ts` documents
// them (keep the two in step). Limits (`MAX_*`) bound what may be set.

/** `periskop.schedule`: how often every target is scraped. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: DEFAULT_SCRAPE_INTERVAL_SECONDS },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 5 },
  scope: 'global',
};

/** `periskop.shards`: global scrape tasks the targets are split across. */
export const DEFAULT_SHARDS = 1;
export const MAX_SHARDS = 64;

/** `periskop.scrape.timeout`: bound on one request, queueing included. */
export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;

/** `periskop.scrape.concurrency`: requests in flight, over all targets. */
export const DEFAULT_SCRAPE_CONCURRENCY = 32;
export const MAX_SCRAPE_CONCURRENCY = 1024;

/** `periskop.scrape.maxBodyBytes`: a larger response fails the scrape (10 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** `periskop.scrape.maxKeysPerTarget`: more error keys fail the scrape. */
export const DEFAULT_MAX_KEYS_PER_TARGET = 10_000;

/** `periskop.storage.samplesPerError`: newest samples kept per error group. */
export const DEFAULT_SAMPLES_PER_ERROR = 100;
export const MAX_SAMPLES_PER_ERROR = 10_000;

/**
 * `periskop.storage.retention.days`: age at which data is removed. Shared
 * with the frontend, whose longest window it is.
 */
export { DEFAULT_RETENTION_DAYS };

/**
 * `periskop.storage.occurrences.minuteBucketsDays`: age at which minute
 * buckets are rolled up into hour buckets (at most the retention).
 */
export const DEFAULT_MINUTE_BUCKETS_DAYS = 2;

/** `periskop.storage.retention.schedule`: when the retention task runs. */
export const DEFAULT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
    scope: 'global',
  };

/**
 * `periskop.redact.headers` adds to these. Declared with the redaction
 * itself, which is pure code that must not depend on the config.
 */
export { DEFAULT_REDACTED_HEADERS } from '../aggregation/redactHeaders';
