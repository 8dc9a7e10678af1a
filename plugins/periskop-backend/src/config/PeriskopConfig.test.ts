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
      limits: {
        groupsPerEntity: defaults.DEFAULT_GROUPS_PER_ENTITY,
        newGroupsPerTargetPerCycle:
          defaults.DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE,
      },
      discovery: {
        maxEntriesPerAnnotation: defaults.DEFAULT_MAX_ENTRIES_PER_ANNOTATION,
        maxRecordsPerName: defaults.DEFAULT_MAX_RECORDS_PER_NAME,
        maxTargetsPerEntity: defaults.DEFAULT_MAX_TARGETS_PER_ENTITY,
        dnsServers: [],
      },
      backend: {
        listenPort: defaults.DEFAULT_BACKEND_LISTEN_PORT,
        listenHost: '',
      },
      storage: {
        samplesPerError: defaults.DEFAULT_SAMPLES_PER_ERROR,
        retentionMs: defaults.DEFAULT_RETENTION_DAYS * DAY_MS,
        fineBucketMaxAgeMs: defaults.DEFAULT_MINUTE_BUCKETS_DAYS * DAY_MS,
        retentionSchedule: defaults.DEFAULT_RETENTION_SCHEDULE,
        groupIdleMs: defaults.DEFAULT_GROUP_IDLE_DAYS * DAY_MS,
        removedEntityGraceMs:
          defaults.DEFAULT_REMOVED_ENTITY_GRACE_DAYS * DAY_MS,
      },
      redaction: {
        headers: defaults.DEFAULT_REDACTED_HEADERS,
        queryParameters: defaults.DEFAULT_SECRET_NAME_PATTERNS,
        bodyFields: defaults.DEFAULT_SECRET_NAME_PATTERNS,
        values: defaults.DEFAULT_REDACT_VALUES,
      },
      push: { maxPushesPerMinute: defaults.DEFAULT_MAX_PUSHES_PER_MINUTE },
      metrics: { targetLabel: defaults.DEFAULT_METRICS_TARGET_LABEL },
      notifications: {
        enabled: undefined,
        minSeverity: defaults.DEFAULT_NOTIFICATION_MIN_SEVERITY,
        events: [...defaults.DEFAULT_NOTIFICATION_EVENTS],
        quietPeriodMs: defaults.DEFAULT_NOTIFICATION_QUIET_PERIOD_MS,
      },
    };
    expect(read()).toEqual(expected);
    expect(read({ scrape: {}, storage: {} })).toEqual(expected);
  });

  it('reads whether the occurrence metric carries the target', () => {
    expect(read({ metrics: { targetLabel: true } }).metrics.targetLabel).toBe(
      true,
    );
    // as Backstage reads switches from environment variables
    expect(
      read({ metrics: { targetLabel: 'false' } }).metrics.targetLabel,
    ).toBe(false);
    expect(read({ metrics: {} }).metrics.targetLabel).toBe(false);
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
        groupIdleDays: 14,
        removedEntityGraceDays: 2,
      },
      redact: {
        headers: [' X-Secret ', 'Authorization'],
        queryParameters: ['*ssn*'],
        bodyFields: ['iban', 'card_holder'],
        values: false,
      },
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
      groupIdleMs: 14 * DAY_MS,
      removedEntityGraceMs: 2 * DAY_MS,
    });
    expect(settings.redaction).toEqual({
      headers: [...defaults.DEFAULT_REDACTED_HEADERS, 'x-secret'],
      queryParameters: [...defaults.DEFAULT_SECRET_NAME_PATTERNS, '*ssn*'],
      bodyFields: [
        ...defaults.DEFAULT_SECRET_NAME_PATTERNS,
        'iban',
        'card_holder',
      ],
      values: false,
    });
  });

  it('keeps the default timeout and initial delay when only a frequency is set, and always runs globally', () => {
    const settings = read({
      schedule: { frequency: { seconds: 15 }, scope: 'local' },
    });
    expect(settings.schedule).toEqual({
      frequency: { seconds: 15 },
      timeout: defaults.DEFAULT_SCHEDULE.timeout,
      initialDelay: defaults.DEFAULT_SCHEDULE.initialDelay,
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
      { scrape: { timeout: 'soon' } },
      /periskop\.scrape\.timeout must be a duration like/,
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
    [
      { storage: { groupIdleDays: 0 } },
      /periskop\.storage\.groupIdleDays must be a whole number/,
    ],
    [
      { storage: { removedEntityGraceDays: 0.5 } },
      /periskop\.storage\.removedEntityGraceDays must be a whole number/,
    ],
    [
      { redact: { queryParameters: ['token', ' '] } },
      /periskop\.redact\.queryParameters\[1\] is empty/,
    ],
    [
      { redact: { bodyFields: ['*_*'] } },
      /periskop\.redact\.bodyFields\[0\] "\*_\*" matches every name; write a single \* for that/,
    ],
    [
      { redact: { headers: ['  '] } },
      /periskop\.redact\.headers\[0\] is empty/,
    ],
    [{ redact: { values: 'maybe' } }, /periskop\.redact\.values/],
    [
      { metrics: { targetLabel: 'sometimes' } },
      /periskop\.metrics\.targetLabel must be true or false, got "sometimes"/,
    ],
    [
      { metrics: { targetLabel: { on: true } } },
      /periskop\.metrics\.targetLabel must be true or false/,
    ],
    [{ push: { maxPushesPerMinute: 0 } }, /periskop\.push\.maxPushesPerMinute/],
    [
      { push: { maxPushesPerMinute: 10_001 } },
      /periskop\.push\.maxPushesPerMinute/,
    ],
  ])('refuses %j', (periskop, message) => {
    expect(() => read(periskop)).toThrow(message);
  });
});

describe('readPeriskopConfig: caps on error groups', () => {
  it('reads the caps', () => {
    expect(
      read({ limits: { groupsPerEntity: 50, newGroupsPerTargetPerCycle: 5 } })
        .limits,
    ).toEqual({ groupsPerEntity: 50, newGroupsPerTargetPerCycle: 5 });
  });

  it.each([
    [
      { limits: { groupsPerEntity: 0 } },
      'periskop.limits.groupsPerEntity must be a whole number from 1 to',
    ],
    [
      { limits: { newGroupsPerTargetPerCycle: 2.5 } },
      'periskop.limits.newGroupsPerTargetPerCycle must be a whole number from 1 to',
    ],
  ])('refuses %j', (periskop, message) => {
    expect(() => read(periskop)).toThrow(message);
  });
});

describe('readPeriskopConfig: discovery and the backend itself', () => {
  it('reads the discovery limits and DNS servers', () => {
    expect(
      read({
        discovery: {
          maxEntriesPerAnnotation: 4,
          maxRecordsPerName: 5,
          maxTargetsPerEntity: 6,
          dnsServers: ['10.0.0.53', '10.0.0.54:5353', 'fd00::53', '[::1]:53'],
        },
      }).discovery,
    ).toEqual({
      maxEntriesPerAnnotation: 4,
      maxRecordsPerName: 5,
      maxTargetsPerEntity: 6,
      dnsServers: ['10.0.0.53', '10.0.0.54:5353', '[fd00::53]', '[::1]:53'],
    });
  });

  it.each([
    [
      { discovery: { maxRecordsPerName: 0 } },
      'periskop.discovery.maxRecordsPerName must be a whole number from 1 to 100000, got 0',
    ],
    [
      { discovery: { maxTargetsPerEntity: 1.5 } },
      'periskop.discovery.maxTargetsPerEntity must be a whole number from 1 to 100000, got 1.5',
    ],
    [
      { discovery: { maxEntriesPerAnnotation: 100001 } },
      'periskop.discovery.maxEntriesPerAnnotation must be a whole number from 1 to 100000, got 100001',
    ],
    [
      { discovery: { dnsServers: ['10.0.0.53', 'dns.example.com'] } },
      'Invalid periskop.discovery.dnsServers[1] entry "dns.example.com": write an IP address with an optional port: 10.0.0.53, 10.0.0.53:5353, [fd00::53] or [fd00::53]:5353',
    ],
    [
      { discovery: { dnsServers: ['10.0.0.53:0'] } },
      'Invalid periskop.discovery.dnsServers[0] entry "10.0.0.53:0": the port must be 1 to 65535, got 0',
    ],
  ])('refuses %j', (periskop, message) => {
    expect(() => read(periskop)).toThrow(message);
  });

  const backendOf = (backend: object) =>
    readPeriskopConfig(new ConfigReader({ backend })).backend;

  it('reads where the backend listens and is reached, as Backstage does', () => {
    expect(
      backendOf({ baseUrl: 'http://localhost:7007', listen: { port: 7008 } }),
    ).toEqual({
      listenPort: 7008,
      listenHost: '',
      baseUrl: 'http://localhost:7007',
    });
    expect(backendOf({ listen: { host: '127.0.0.1', port: '7009' } })).toEqual({
      listenPort: 7009,
      listenHost: '127.0.0.1',
    });
    expect(backendOf({ listen: ':7010' })).toEqual({
      listenPort: 7010,
      listenHost: '',
    });
    expect(backendOf({ listen: '0.0.0.0:7011' })).toEqual({
      listenPort: 7011,
      listenHost: '0.0.0.0',
    });
    expect(backendOf({ listen: '7012' })).toEqual({
      listenPort: 7012,
      listenHost: '',
    });
    expect(backendOf({ listen: { port: 0 } }).listenPort).toBe(0);
    expect(() => backendOf({ listen: 'somewhere' })).toThrow(
      'backend.listen must name a port from 0 to 65535, got "somewhere"',
    );
    expect(() => backendOf({ baseUrl: 'not a url' })).toThrow(
      'backend.baseUrl must be a URL, got "not a url"',
    );
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
      `Error groups per entity. Default ${defaults.DEFAULT_GROUPS_PER_ENTITY}.`,
    );
    expect(schema).toContain(
      `Error groups one scrape of one target may create. Default ${defaults.DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE}:`,
    );
    expect(schema).toContain(`Default ${defaults.DEFAULT_REDACT_VALUES}.`);
    expect(schema).toContain(
      `metric does. Default ${defaults.DEFAULT_METRICS_TARGET_LABEL}:`,
    );
    expect(schema).toContain(
      `are removed. Default ${defaults.DEFAULT_RETENTION_DAYS}.`,
    );
    expect(schema).toContain(
      `a new occurrence does, as a new group. Default ${defaults.DEFAULT_GROUP_IDLE_DAYS}.`,
    );
    expect(schema).toContain(
      `back within the period (a catalog hiccup loses nothing). Default ${defaults.DEFAULT_REMOVED_ENTITY_GRACE_DAYS}.`,
    );
    expect(seconds(defaults.DEFAULT_RETENTION_SCHEDULE.frequency)).toBe(3600);
    expect(seconds(defaults.DEFAULT_RETENTION_SCHEDULE.timeout)).toBe(900);
    expect(schema).toContain('Default hourly, timeout 15 minutes.');
    expect(schema).toContain(
      `logged. Default ${defaults.DEFAULT_MAX_ENTRIES_PER_ANNOTATION}, at most ${defaults.MAX_DISCOVERY_LIMIT}.`,
    );
    expect(schema).toContain(
      `SRV preference order); the rest are reported. Default ${defaults.DEFAULT_MAX_RECORDS_PER_NAME}, at`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_MAX_TARGETS_PER_ENTITY}, at most ${defaults.MAX_DISCOVERY_LIMIT}.`,
    );
    expect(schema).toContain(
      `Default ${defaults.DEFAULT_MINUTE_BUCKETS_DAYS}, at most the retention.`,
    );
    expect(schema).toContain(
      `\`info\`. Default ${defaults.DEFAULT_NOTIFICATION_MIN_SEVERITY}.`,
    );
    expect(defaults.DEFAULT_NOTIFICATION_EVENTS).toEqual(['new', 'regressed']);
    expect(schema).toContain(
      'entity) and `regressed` (a new occurrence after a resolve).\n       * Default both.',
    );
    expect(defaults.DEFAULT_NOTIFICATION_QUIET_PERIOD_MS).toBe(3600_000);
    expect(schema).toContain('replicas). Default 1 hour.');
  });
});
