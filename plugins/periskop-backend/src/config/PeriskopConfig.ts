import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';
import { DEFAULT_REDACTED_HEADERS } from '../aggregation';

/** The validated `periskop` configuration, with every default applied. */
export interface PeriskopConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Number of global scrape tasks the targets are split across. */
  shards: number;
  scrape: {
    timeoutMs: number;
    concurrency: number;
    maxBodyBytes: number;
    maxKeysPerTarget: number;
  };
  targets: { allow: string[]; deny: string[] };
  storage: {
    samplesPerError: number;
    retentionMs: number;
    fineBucketMaxAgeMs: number;
    retentionSchedule: SchedulerServiceTaskScheduleDefinition;
  };
  /** Lower-case header names whose values are redacted at ingest. */
  redactedHeaders: ReadonlySet<string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 5 },
  scope: 'global',
};

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): number {
  if (!config.has(key)) {
    return durationToMilliseconds(fallback);
  }
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms > 0)) {
    throw new InputError(`periskop.${key} must be a positive duration`);
  }
  return ms;
}

function readPositiveInteger(
  config: Config,
  key: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(
      `periskop.${key} must be a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

function readSchedule(
  config: Config | undefined,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  if (!config) {
    return fallback;
  }
  // A configured frequency alone is enough: the timeout keeps its default.
  const merged = new ConfigReader({
    timeout: fallback.timeout as JsonObject,
    ...(config.get() as JsonObject),
  });
  // Scope is always global: with several backend replicas on one database
  // each target must be scraped once per interval, not once per replica.
  return {
    ...fallback,
    ...readSchedulerServiceTaskScheduleDefinitionFromConfig(merged),
    scope: 'global',
  };
}

/**
 * Reads and validates the `periskop` section of the app config. Throws an
 * `InputError` naming the key for a bad value, so a misconfiguration stops
 * the backend at startup with a clear message.
 */
export function readPeriskopConfig(root: Config): PeriskopConfig {
  const config = root.getOptionalConfig('periskop');
  const get = (key: string) => config?.getOptionalConfig(key);
  const scrape = get('scrape');
  const storage = get('storage');

  const scrapeConfig = {
    timeoutMs: scrape
      ? readDuration(scrape, 'timeout', { seconds: 10 })
      : 10_000,
    concurrency: scrape
      ? readPositiveInteger(scrape, 'concurrency', 32, 1024)
      : 32,
    maxBodyBytes: scrape
      ? readPositiveInteger(scrape, 'maxBodyBytes', 10 * 1024 * 1024)
      : 10 * 1024 * 1024,
    maxKeysPerTarget: scrape
      ? readPositiveInteger(scrape, 'maxKeysPerTarget', 10_000)
      : 10_000,
  };

  const retentionDays = storage?.getOptionalNumber('retention.days') ?? 30;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new InputError(
      `periskop.storage.retention.days must be a whole number of at least 1, got ${retentionDays}`,
    );
  }
  const fineBucketDays =
    storage?.getOptionalNumber('occurrences.minuteBucketsDays') ?? 2;
  if (!(fineBucketDays > 0) || fineBucketDays > retentionDays) {
    throw new InputError(
      `periskop.storage.occurrences.minuteBucketsDays must be more than 0 and at most the retention (${retentionDays} days), got ${fineBucketDays}`,
    );
  }

  const configuredHeaders =
    config?.getOptionalStringArray('redact.headers') ?? [];
  const redactedHeaders = new Set(
    [...DEFAULT_REDACTED_HEADERS, ...configuredHeaders].map(h =>
      h.trim().toLowerCase(),
    ),
  );

  return {
    schedule: readSchedule(get('schedule'), DEFAULT_SCHEDULE),
    shards: config ? readPositiveInteger(config, 'shards', 1, 64) : 1,
    scrape: scrapeConfig,
    targets: {
      allow: config?.getOptionalStringArray('targets.allow') ?? [],
      deny: config?.getOptionalStringArray('targets.deny') ?? [],
    },
    storage: {
      samplesPerError: storage
        ? readPositiveInteger(storage, 'samplesPerError', 100, 10_000)
        : 100,
      retentionMs: retentionDays * DAY_MS,
      fineBucketMaxAgeMs: fineBucketDays * DAY_MS,
      retentionSchedule: readSchedule(
        storage?.getOptionalConfig('retention.schedule'),
        {
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
          scope: 'global',
        },
      ),
    },
    redactedHeaders,
  };
}
