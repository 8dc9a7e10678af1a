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
import { invalidSecretNamePattern } from '../aggregation/redaction';

/*
 * Readers of single values of the `periskop` section, shared by
 * `readPeriskopConfig` and the readers of its subsections.
 */

// The readers take the `periskop` section, which may be absent, and a
// dotted key below it: an absent section and an absent key fall back to the
// same named default, and a message names the whole key.

export function readDuration(
  config: Config | undefined,
  key: string,
  fallbackMs: number,
): number {
  if (!config?.has(key)) {
    return fallbackMs;
  }
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new InputError(
      `periskop.${key} must be a duration like { hours: 1 } or 'PT1H': ${
        (error as Error).message
      }`,
    );
  }
  if (!(ms > 0)) {
    throw new InputError(`periskop.${key} must be a positive duration`);
  }
  return ms;
}

export function readPositiveInteger(
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

/** A switch: `true`/`false` (or what Backstage reads as one, like `"yes"` from an environment variable). */
export function readOptionalBoolean(
  config: Config | undefined,
  key: string,
): boolean | undefined {
  try {
    return config?.getOptionalBoolean(key);
  } catch {
    throw new InputError(
      `periskop.${key} must be true or false, got ${JSON.stringify(
        config?.getOptional(key),
      )}`,
    );
  }
}

/** {@link readOptionalBoolean} with a default. */
export function readBoolean(
  config: Config | undefined,
  key: string,
  fallback: boolean,
): boolean {
  return readOptionalBoolean(config, key) ?? fallback;
}

/** A list of names, trimmed; an empty one is a mistake. */
export function readNames(config: Config | undefined, key: string): string[] {
  const names = config?.getOptionalStringArray(key) ?? [];
  return names.map((name, index) => {
    const trimmed = name.trim();
    if (trimmed === '') {
      throw new InputError(`periskop.${key}[${index}] is empty`);
    }
    return trimmed;
  });
}

/** A list of secret-name patterns (see `DEFAULT_SECRET_NAME_PATTERNS`). */
export function readNamePatterns(
  config: Config | undefined,
  key: string,
): string[] {
  return readNames(config, key).map((pattern, index) => {
    const problem = invalidSecretNamePattern(pattern);
    if (problem) {
      throw new InputError(`periskop.${key}[${index}] "${pattern}" ${problem}`);
    }
    return pattern;
  });
}

export function readSchedule(
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
  // The reader returns unset keys as `undefined`, which must not hide
  // the defaults (a configured frequency keeps the default initial delay).
  const configured = Object.fromEntries(
    Object.entries(
      readSchedulerServiceTaskScheduleDefinitionFromConfig(merged),
    ).filter(([, value]) => value !== undefined),
  );
  return {
    ...fallback,
    ...configured,
    scope: 'global',
  } as SchedulerServiceTaskScheduleDefinition;
}

/** Whole seconds between runs of an interval schedule; the default for cron or manual ones. */
export function intervalSeconds(
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
