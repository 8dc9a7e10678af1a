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
import { durationToMilliseconds, JsonObject } from '@backstage/types';
import { DEFAULT_SCRAPE_INTERVAL_SECONDS } from '@periskop-backstage/plugin-periskop-common';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_KEYS_PER_TARGET,
  DEFAULT_MINUTE_BUCKETS_DAYS,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_SCHEDULE,
  DEFAULT_SAMPLES_PER_ERROR,
  DEFAULT_SCHEDULE,
  DEFAULT_SCRAPE_CONCURRENCY,
  DEFAULT_SCRAPE_TIMEOUT_MS,
  DEFAULT_SHARDS,
  MAX_SAMPLES_PER_ERROR,
  MAX_SCRAPE_CONCURRENCY,
  MAX_SHARDS,
} from './defaults';

/** The validated `periskop` configuration, with every default applied. */
export interface PeriskopConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Seconds between scrapes, for clients' refresh pace (the default for cron or manual schedules). */
  scrapeIntervalSeconds: number;
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

// The readers take the `periskop` section, which may be absent, and a
// dotted key below it: an absent section and an absent key fall back to the
// same named default, and a message names the whole key.

function readDuration(
  config: Config | undefined,
  key: string,
  fallbackMs: number,
): number {
  if (!config?.has(key)) {
    return fallbackMs;
  }
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms > 0)) {
    throw new InputError(`periskop.${key} must be a positive duration`);
  }
  return ms;
}

function readPositiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
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

  const scrape = {
    timeoutMs: readDuration(
      config,
      'scrape.timeout',
      DEFAULT_SCRAPE_TIMEOUT_MS,
    ),
    concurrency: readPositiveInteger(
      config,
      'scrape.concurrency',
      DEFAULT_SCRAPE_CONCURRENCY,
      MAX_SCRAPE_CONCURRENCY,
    ),
    maxBodyBytes: readPositiveInteger(
      config,
      'scrape.maxBodyBytes',
      DEFAULT_MAX_BODY_BYTES,
    ),
    maxKeysPerTarget: readPositiveInteger(
      config,
      'scrape.maxKeysPerTarget',
      DEFAULT_MAX_KEYS_PER_TARGET,
    ),
  };

  const retentionDays =
    config?.getOptionalNumber('storage.retention.days') ??
    DEFAULT_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new InputError(
      `periskop.storage.retention.days must be a whole number of at least 1, got ${retentionDays}`,
    );
  }
  const fineBucketDays =
    config?.getOptionalNumber('storage.occurrences.minuteBucketsDays') ??
    DEFAULT_MINUTE_BUCKETS_DAYS;
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

  const schedule = readSchedule(
    config?.getOptionalConfig('schedule'),
    DEFAULT_SCHEDULE,
  );
  return {
    schedule,
    scrapeIntervalSeconds: intervalSeconds(schedule),
    shards: readPositiveInteger(config, 'shards', DEFAULT_SHARDS, MAX_SHARDS),
    scrape,
    targets: {
      allow: config?.getOptionalStringArray('targets.allow') ?? [],
      deny: config?.getOptionalStringArray('targets.deny') ?? [],
    },
    storage: {
      samplesPerError: readPositiveInteger(
        config,
        'storage.samplesPerError',
        DEFAULT_SAMPLES_PER_ERROR,
        MAX_SAMPLES_PER_ERROR,
      ),
      retentionMs: retentionDays * DAY_MS,
      fineBucketMaxAgeMs: fineBucketDays * DAY_MS,
      retentionSchedule: readSchedule(
        config?.getOptionalConfig('storage.retention.schedule'),
        DEFAULT_RETENTION_SCHEDULE,
      ),
    },
    redactedHeaders,
  };
}

/** Whole seconds between runs of an interval schedule; the default for cron or manual ones. */
function intervalSeconds(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number {
  const { frequency } = schedule;
  if (
    typeof frequency === 'object' &&
    !('cron' in frequency) &&
    !('trigger' in frequency)
  ) {
    return Math.max(1, Math.round(durationToMilliseconds(frequency) / 1000));
  }
  return DEFAULT_SCRAPE_INTERVAL_SECONDS;
}
