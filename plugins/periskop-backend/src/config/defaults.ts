import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SCRAPE_INTERVAL_SECONDS,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import {
  GROUP_TRANSITION_KINDS,
  GroupTransitionKind,
} from '../database/operations/ingest/GroupTransition';

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

/**
 * `periskop.limits.groupsPerEntity`: error groups an entity may have; keys
 * past it are counted in the entity's one overflow group. A client that
 * puts ids into its keys would otherwise add groups on every scrape.
 */
export const DEFAULT_GROUPS_PER_ENTITY = 1000;

/**
 * `periskop.limits.newGroupsPerTargetPerCycle`: groups one scrape of one
 * target may create; its other new keys are counted in the overflow group
 * until a later scrape has room for them. A quarter of the entity cap: it
 * bounds the rows one scrape adds and makes a target whose keys carry ids
 * take several cycles to fill the entity cap, while staying clear of the
 * first scrape of a long-running service, which reports every key it has
 * seen since it started (rarely more than a few dozen).
 */
export const DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE = 250;

/**
 * `periskop.discovery.maxEntriesPerAnnotation`: distinct entries of one
 * `periskop.io/targets` annotation that are scraped. Declared in the common
 * package, whose annotation parser (and the catalog module's validation)
 * applies the same default.
 */
export { DEFAULT_MAX_TARGET_ENTRIES as DEFAULT_MAX_ENTRIES_PER_ANNOTATION } from '@periskop-backstage/plugin-periskop-common';

/**
 * `periskop.discovery.maxRecordsPerName`: A/AAAA addresses of a `dns+a`
 * name, or SRV records of a `dns+srv` name, that become targets. 256 covers
 * a large deployment behind one name (a Kubernetes headless service of 256
 * pods) while a name that answers thousands of records (a wildcard, a
 * mistake, a DNS server under someone else's control) cannot make thousands
 * of targets.
 */
export const DEFAULT_MAX_RECORDS_PER_NAME = 256;

/**
 * `periskop.discovery.maxTargetsPerEntity`: targets of one entity, over all
 * its entries. 512 is two full DNS names: far beyond one service's
 * instances, and a bound on the target rows and requests one
 * `catalog-info.yaml` can cause.
 */
export const DEFAULT_MAX_TARGETS_PER_ENTITY = 512;

/** Upper bound of the three discovery limits above. */
export const MAX_DISCOVERY_LIMIT = 100_000;

/**
 * `backend.listen.port` when it is not set: Backstage's own default. The
 * scraper never connects to the backend's own port (see `SelfEndpoints`).
 */
export const DEFAULT_BACKEND_LISTEN_PORT = 7007;

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

/**
 * `periskop.storage.groupIdleDays`: a group without an occurrence for this
 * long is deleted with its samples and buckets (open regressions stay).
 */
export const DEFAULT_GROUP_IDLE_DAYS = 30;

/**
 * `periskop.storage.removedEntityGraceDays`: the data of an entity that
 * left the catalog or lost its annotation is deleted after this long, so a
 * catalog hiccup loses nothing; it is hidden meanwhile.
 */
export const DEFAULT_REMOVED_ENTITY_GRACE_DAYS = 7;

/** `periskop.storage.retention.schedule`: when the retention task runs. */
export const DEFAULT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
    scope: 'global',
  };

// The redaction defaults are declared with the redaction itself, which is
// pure code that must not depend on the config.

/** `periskop.redact.headers` adds to these. */
export { DEFAULT_REDACTED_HEADERS } from '../aggregation/redaction';

/**
 * `periskop.redact.queryParameters` and `periskop.redact.bodyFields` add
 * to these name patterns.
 */
export { DEFAULT_SECRET_NAME_PATTERNS } from '../aggregation/redaction';

/** `periskop.redact.values`: card numbers, bearer tokens, JWTs and URL credentials. */
export { DEFAULT_REDACT_VALUES } from '../aggregation/redaction';

/**
 * `periskop.push.maxPushesPerMinute`: pushes accepted per push key (or per
 * entity, for static tokens) and minute; more are answered 429. A job
 * pushes once when it ends, a few times per minute at most; the bound
 * keeps a leaked key from filling the database with instances.
 */
export const DEFAULT_MAX_PUSHES_PER_MINUTE = 60;
/** The most `periskop.push.maxPushesPerMinute` may allow. */
export const MAX_PUSHES_PER_MINUTE = 10_000;

/**
 * `periskop.metrics.targetLabel`: whether `periskop_error_occurrences`
 * carries the scraped URL as its `target` label, as Periskop's own metric
 * does. Off: an instance's URL changes with every restart or rescheduled
 * pod, and each one adds a series for every key it reports.
 */
export const DEFAULT_METRICS_TARGET_LABEL = false;

/**
 * `periskop.notifications.minSeverity`: the least severe error whose owners
 * are notified. Warnings and errors, not info: info is what services
 * report on purpose (a key rotated, a replay ignored), not a problem.
 */
export const DEFAULT_NOTIFICATION_MIN_SEVERITY: PeriskopSeverity = 'warning';

/** `periskop.notifications.events`: new errors and regressions. */
export const DEFAULT_NOTIFICATION_EVENTS: readonly GroupTransitionKind[] =
  GROUP_TRANSITION_KINDS;

/**
 * `periskop.notifications.quietPeriod`: after a notification about an
 * error, none about the same error for this long (a regression right after
 * its "new" notification, an error resolved and reopened again and again).
 */
export const DEFAULT_NOTIFICATION_QUIET_PERIOD_MS = 60 * 60 * 1000;
