import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { RedactionSettings } from '../aggregation/redaction';
import {
  intervalSeconds,
  readBoolean,
  readDuration,
  readNamePatterns,
  readNames,
  readPositiveInteger,
  readSchedule,
} from './configValues';
import { parseDnsServerAddress } from '../discovery/dnsServerAddress';
import {
  NotificationSettings,
  readNotificationSettings,
} from './readNotificationSettings';
import {
  DEFAULT_BACKEND_LISTEN_PORT,
  DEFAULT_GROUP_IDLE_DAYS,
  DEFAULT_GROUPS_PER_ENTITY,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_ENTRIES_PER_ANNOTATION,
  DEFAULT_MAX_KEYS_PER_TARGET,
  DEFAULT_MAX_RECORDS_PER_NAME,
  DEFAULT_MAX_TARGETS_PER_ENTITY,
  DEFAULT_METRICS_TARGET_LABEL,
  DEFAULT_MINUTE_BUCKETS_DAYS,
  DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE,
  DEFAULT_MAX_PUSHES_PER_MINUTE,
  MAX_PUSHES_PER_MINUTE,
  DEFAULT_REDACT_VALUES,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REMOVED_ENTITY_GRACE_DAYS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_SCHEDULE,
  DEFAULT_SAMPLES_PER_ERROR,
  DEFAULT_SCHEDULE,
  DEFAULT_SCRAPE_CONCURRENCY,
  DEFAULT_SCRAPE_TIMEOUT_MS,
  DEFAULT_SECRET_NAME_PATTERNS,
  DEFAULT_SHARDS,
  MAX_DISCOVERY_LIMIT,
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
  discovery: {
    /** Distinct entries of one annotation that are scraped. */
    maxEntriesPerAnnotation: number;
    /** A/AAAA or SRV records of one DNS name that become targets. */
    maxRecordsPerName: number;
    /** Targets of one entity, over all its entries. */
    maxTargetsPerEntity: number;
    /** DNS servers for `dns+a`/`dns+srv` entries (`ip`, `ip:port`, `[ip6]:port`); empty: the system's. */
    dnsServers: string[];
  };
  /**
   * Where this Backstage backend answers (`backend.listen`,
   * `backend.baseUrl`), so that no target can make it call itself.
   */
  backend: BackendAddress;
  /** Caps on error groups; keys past them are counted in an overflow group. */
  limits: {
    groupsPerEntity: number;
    newGroupsPerTargetPerCycle: number;
  };
  storage: {
    samplesPerError: number;
    retentionMs: number;
    fineBucketMaxAgeMs: number;
    retentionSchedule: SchedulerServiceTaskScheduleDefinition;
    /** A group without an occurrence for this long is deleted (open regressions stay). */
    groupIdleMs: number;
    /** The data of an entity missing from discovery for this long is deleted. */
    removedEntityGraceMs: number;
  };
  /** What is redacted at ingest: the defaults and what is configured. */
  redaction: RedactionSettings;
  /** The plugin's OpenTelemetry metrics (see `createPeriskopMetrics`). */
  metrics: {
    /** Whether `periskop_error_occurrences` carries the scraped URL as `target`. */
    targetLabel: boolean;
  };
  /** Pushes from batch jobs (body size and key count bounds are `scrape`'s). */
  push: {
    /** Per push key, or per entity for static tokens. */
    maxPushesPerMinute: number;
  };
  /** Backstage notifications to the owners about new and regressed errors. */
  notifications: NotificationSettings;
}

/** Where the backend itself listens and is reached; see {@link PeriskopConfig}. */
export interface BackendAddress {
  /** `backend.listen.port`; 0 when the port is chosen at start (tests). */
  listenPort: number;
  /** `backend.listen.host`; empty for every interface. */
  listenHost: string;
  /** `backend.baseUrl`, when set. */
  baseUrl?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

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

  const redaction: RedactionSettings = {
    headers: [
      ...new Set(
        [
          ...DEFAULT_REDACTED_HEADERS,
          ...readNames(config, 'redact.headers'),
        ].map(h => h.toLowerCase()),
      ),
    ],
    queryParameters: [
      ...DEFAULT_SECRET_NAME_PATTERNS,
      ...readNamePatterns(config, 'redact.queryParameters'),
    ],
    bodyFields: [
      ...DEFAULT_SECRET_NAME_PATTERNS,
      ...readNamePatterns(config, 'redact.bodyFields'),
    ],
    values:
      config?.getOptionalBoolean('redact.values') ?? DEFAULT_REDACT_VALUES,
  };

  const discovery = {
    maxEntriesPerAnnotation: readPositiveInteger(
      config,
      'discovery.maxEntriesPerAnnotation',
      DEFAULT_MAX_ENTRIES_PER_ANNOTATION,
      MAX_DISCOVERY_LIMIT,
    ),
    maxRecordsPerName: readPositiveInteger(
      config,
      'discovery.maxRecordsPerName',
      DEFAULT_MAX_RECORDS_PER_NAME,
      MAX_DISCOVERY_LIMIT,
    ),
    maxTargetsPerEntity: readPositiveInteger(
      config,
      'discovery.maxTargetsPerEntity',
      DEFAULT_MAX_TARGETS_PER_ENTITY,
      MAX_DISCOVERY_LIMIT,
    ),
    dnsServers: readDnsServers(config),
  };

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
    discovery,
    metrics: {
      targetLabel: readBoolean(
        config,
        'metrics.targetLabel',
        DEFAULT_METRICS_TARGET_LABEL,
      ),
    },
    push: {
      maxPushesPerMinute: readPositiveInteger(
        config,
        'push.maxPushesPerMinute',
        DEFAULT_MAX_PUSHES_PER_MINUTE,
        MAX_PUSHES_PER_MINUTE,
      ),
    },
    notifications: readNotificationSettings(config),
    backend: readBackendAddress(root),
    limits: {
      groupsPerEntity: readPositiveInteger(
        config,
        'limits.groupsPerEntity',
        DEFAULT_GROUPS_PER_ENTITY,
      ),
      newGroupsPerTargetPerCycle: readPositiveInteger(
        config,
        'limits.newGroupsPerTargetPerCycle',
        DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE,
      ),
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
      groupIdleMs:
        readPositiveInteger(
          config,
          'storage.groupIdleDays',
          DEFAULT_GROUP_IDLE_DAYS,
        ) * DAY_MS,
      removedEntityGraceMs:
        readPositiveInteger(
          config,
          'storage.removedEntityGraceDays',
          DEFAULT_REMOVED_ENTITY_GRACE_DAYS,
        ) * DAY_MS,
    },
    redaction,
  };
}

function readDnsServers(config: Config | undefined): string[] {
  const entries = config?.getOptionalStringArray('discovery.dnsServers') ?? [];
  return entries.map((entry, index) => {
    const parsed = parseDnsServerAddress(entry);
    if (typeof parsed !== 'string') {
      throw new InputError(
        `Invalid periskop.discovery.dnsServers[${index}] entry ${JSON.stringify(
          entry,
        )}: ${parsed.problem}`,
      );
    }
    return parsed;
  });
}

/**
 * Reads `backend.listen` (a `host:port` or `port` string, or
 * `{ host, port }`) and `backend.baseUrl` as Backstage's HTTP server reads
 * them.
 */
function readBackendAddress(root: Config): BackendAddress {
  const backend = root.getOptionalConfig('backend');
  const baseUrl = backend?.getOptionalString('baseUrl');
  const listen = backend?.getOptional('listen');
  let listenHost = '';
  let listenPort = DEFAULT_BACKEND_LISTEN_PORT;
  if (typeof listen === 'string') {
    const colon = listen.lastIndexOf(':');
    listenHost = colon < 0 ? '' : listen.slice(0, colon);
    listenPort = /^\d{1,5}$/.test(listen.slice(colon + 1))
      ? Number(listen.slice(colon + 1))
      : NaN;
  } else if (listen !== undefined) {
    listenHost = backend?.getOptionalString('listen.host') ?? '';
    listenPort =
      backend?.getOptionalNumber('listen.port') ?? DEFAULT_BACKEND_LISTEN_PORT;
  }
  if (!Number.isInteger(listenPort) || listenPort < 0 || listenPort > 65535) {
    throw new InputError(
      `backend.listen must name a port from 0 to 65535, got ${JSON.stringify(
        listen,
      )}`,
    );
  }
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
    throw new InputError(
      `backend.baseUrl must be a URL, got ${JSON.stringify(baseUrl)}`,
    );
  }
  return { listenPort, listenHost, ...(baseUrl ? { baseUrl } : {}) };
}
