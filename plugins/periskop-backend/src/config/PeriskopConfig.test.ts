import { ConfigReader } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import * as defaults from './defaults';
import { readPeriskopConfig } from './PeriskopConfig';

const DAY_MS = 24 * 60 * 60 * 1000;

const read = (periskop?: object) =>
  readPeriskopConfig(new ConfigReader(periskop ? { periskop } : {}));

describe('readPeriskopConfig', () => {
  it('applies every default to an absent section, and alike to an empty one', () => {
    const expected = {
      schedule: defaults.DEFAULT_SCHEDULE,
      scrapeIntervalSeconds: 30,
      shards: defaults.DEFAULT_SHARDS,
      scrape: {
        timeoutMs: defaults.DEFAULT_SCRAPE_TIMEOUT_MS,
        concurrency: defaults.DEFAULT_SCRAPE_CONCURRENCY,
        maxBodyBytes: defaults.DEFAULT_MAX_BODY_BYTES,
        maxKeysPerTarget: defaults.DEFAULT_MAX_KEYS_PER_TARGET,
      },
      targets: { allow: [], deny: [] },
      storage: {
        samplesPerError: defaults.DEFAULT_SAMPLES_PER_ERROR,
        retentionMs: defaults.DEFAULT_RETENTION_DAYS * DAY_MS,
        fineBucketMaxAgeMs: defaults.DEFAULT_MINUTE_BUCKETS_DAYS * DAY_MS,
        retentionSchedule: defaults.DEFAULT_RETENTION_SCHEDULE,
      },
      redactedHeaders: new Set(defaults.DEFAULT_REDACTED_HEADERS),
    };
    expect(read()).toEqual(expected);
    expect(read({ scrape: {}, storage: {} })).toEqual(expected);
  });

  it('tells the scrape interval of interval schedules, and the default for cron ones', () => {
    expect(
      read({ schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } } })
        .scrapeIntervalSeconds,
    ).toBe(120);
    expect(
      read({
        schedule: {
          frequency: { cron: '*/5 * * * *' },
          timeout: { minutes: 1 },
        },
      }).scrapeIntervalSeconds,
    ).toBe(30);
  });

  it('reads configured values and adds configured headers to the defaults', () => {
    const settings = read({
      shards: 4,
      scrape: {
        timeout: { seconds: 3 },
        concurrency: 8,
        maxBodyBytes: 1024,
        maxKeysPerTarget: 50,
      },
      targets: { allow: ['*.svc'], deny: ['10.0.0.0/8'] },
      storage: {
        samplesPerError: 7,
        retention: { days: 10 },
        occurrences: { minuteBucketsDays: 0.5 },
      },
      redact: { headers: [' X-Secret '] },
    });
    expect(settings.shards).toBe(4);
    expect(settings.scrape).toEqual({
      timeoutMs: 3000,
      concurrency: 8,
      maxBodyBytes: 1024,
      maxKeysPerTarget: 50,
    });
    expect(settings.targets).toEqual({
      allow: ['*.svc'],
      deny: ['10.0.0.0/8'],
    });
    expect(settings.storage).toMatchObject({
      samplesPerError: 7,
      retentionMs: 10 * DAY_MS,
      fineBucketMaxAgeMs: DAY_MS / 2,
    });
    expect([...settings.redactedHeaders]).toEqual([
      ...defaults.DEFAULT_REDACTED_HEADERS,
      'x-secret',
    ]);
  });

  it('keeps the default timeout when only a frequency is set, and always runs globally', () => {
    const settings = read({
      schedule: { frequency: { seconds: 15 }, scope: 'local' },
    });
    expect(settings.schedule).toMatchObject({
      frequency: { seconds: 15 },
      timeout: defaults.DEFAULT_SCHEDULE.timeout,
      scope: 'global',
    });
  });

  it.each([
    [
      { shards: defaults.MAX_SHARDS + 1 },
      /periskop\.shards must be a whole number/,
    ],
    [{ shards: 1.5 }, /periskop\.shards/],
    [
      { scrape: { concurrency: defaults.MAX_SCRAPE_CONCURRENCY + 1 } },
      /periskop\.scrape\.concurrency must be a whole number from 1 to 1024/,
    ],
    [{ scrape: { maxBodyBytes: 0 } }, /periskop\.scrape\.maxBodyBytes/],
    [
      { scrape: { timeout: { seconds: 0 } } },
      /periskop\.scrape\.timeout must be a positive duration/,
    ],
    [
      { storage: { samplesPerError: defaults.MAX_SAMPLES_PER_ERROR + 1 } },
      /periskop\.storage\.samplesPerError must be a whole number from 1 to 10000/,
    ],
    [
      { storage: { retention: { days: 0 } } },
      /periskop\.storage\.retention\.days must be a whole number of at least 1/,
    ],
    [
      {
        storage: {
          retention: { days: 1 },
          occurrences: { minuteBucketsDays: 2 },
        },
      },
      /at most the retention \(1 days\), got 2/,
    ],
  ])('refuses %j', (periskop, message) => {
    expect(() => read(periskop)).toThrow(message);
  });
});

describe('config.d.ts', () => {
  const schema = fs.readFileSync(
    path.resolve(__dirname, '../../config.d.ts'),
    'utf8',
  );
  const seconds = (duration: HumanDuration | unknown) =>
    durationToMilliseconds(duration as HumanDuration) / 1000;

  it('documents the defaults declared in defaults.ts', () => {
    expect(seconds(defaults.DEFAULT_SCHEDULE.frequency)).toBe(30);
    expect(seconds(defaults.DEFAULT_SCHEDULE.timeout)).toBe(120);
    expect(schema).toContain('Default: every 30 seconds, timeout 2 minutes.');
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_SHARDS}, at most ${defaults.MAX_SHARDS}.`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_SCRAPE_TIMEOUT_MS / 1000} seconds.`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_SCRAPE_CONCURRENCY}, at most ${defaults.MAX_SCRAPE_CONCURRENCY}.`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_MAX_BODY_BYTES / 1024 / 1024} MiB (${
        defaults.DEFAULT_MAX_BODY_BYTES
      }).`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_MAX_KEYS_PER_TARGET}.`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_SAMPLES_PER_ERROR}, at most ${defaults.MAX_SAMPLES_PER_ERROR}.`,
    );
    expect(schema).toContain(
      `are removed. Default ${defaults.DEFAULT_RETENTION_DAYS}.`,
    );
    expect(seconds(defaults.DEFAULT_RETENTION_SCHEDULE.frequency)).toBe(3600);
    expect(seconds(defaults.DEFAULT_RETENTION_SCHEDULE.timeout)).toBe(900);
    expect(schema).toContain('Default hourly, timeout 15 minutes.');
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_MINUTE_BUCKETS_DAYS}, at most the retention.`,
    );
  });
});
