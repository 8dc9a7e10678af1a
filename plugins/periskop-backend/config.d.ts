import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Configuration of the Periskop backend plugin. Every key has a working
   * default (declared in `src/config/defaults.ts`; keep both in step).
   */
  periskop?: {
    /**
     * How often every target is scraped. Always runs with global scope: with
     * several backend replicas on one database, each target is scraped once
     * per interval. Default: every 30 seconds, timeout 2 minutes. A cycle
     * cut short by the timeout keeps what it stored; the next one starts
     * with the targets it did not reach (least recently scraped first).
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;

    /**
     * Splits the targets across this many global scrape tasks, so that large
     * fleets are scraped by several replicas in parallel. Default 1, at most 64.
     * With more than one, a separate global task (`periskop-discovery`, on
     * the same schedule) reads the catalog and DNS once per cycle and stores
     * the target list; each shard task scrapes its slice of that list.
     */
    shards?: number;

    scrape?: {
      /** Per-request timeout, time queued for a free slot included. Default 10 seconds. */
      timeout?: HumanDuration | string;
      /** Targets fetched at once, over all entities. Default 32, at most 1024. */
      concurrency?: number;
      /** A larger response fails the scrape of that target. Default 10 MiB (10485760). */
      maxBodyBytes?: number;
      /** A payload with more error keys fails the scrape of that target. Default 10000. */
      maxKeysPerTarget?: number;
    };

    /**
     * Which hosts the backend may fetch (the outbound policy). Anyone who
     * may edit a `catalog-info.yaml` chooses the URLs the backend fetches,
     * so the policy is checked on the addresses actually connected to (after
     * DNS resolution, at connect time, also for IP literals).
     *
     * Always denied, whatever `allow` says: link-local 169.254.0.0/16 and
     * fe80::/10 (the AWS, GCP, Azure, OCI, DigitalOcean and OpenStack
     * metadata at 169.254.169.254), fd00:ec2::254 (AWS, IPv6),
     * fd20:ce::254 (GCP, IPv6), 100.100.100.200 (Alibaba Cloud),
     * 168.63.129.16 (Azure WireServer), 192.0.0.192 (Oracle Cloud),
     * 0.0.0.0/8 and `::` (the local host), the host names
     * metadata.google.internal, metadata.goog, instance-data.ec2.internal
     * and metadata.tencentyun.com, and IPv6 forms that embed one of these
     * IPv4 addresses (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`
     * and `64:ff9b:1::/48`, IPv4-translated, IPv4-compatible). Also always
     * denied: this backend itself, i.e. the `backend.listen` port on
     * loopback and this machine's addresses, and the `backend.baseUrl`
     * port on the baseUrl's host and its addresses. Other ports of the same
     * machine stay allowed.
     *
     * Entries are host globs (`*.svc.cluster.local`, `api-*.example.com`;
     * a leading `*.` spans one or more labels), IP addresses or CIDRs
     * (`10.0.0.0/8`, `fd00::/8`). `deny` wins over `allow`; a `deny` CIDR
     * also covers NAT64 and IPv4-mapped forms of its addresses.
     */
    targets?: {
      /**
       * When not empty, only these hosts may be scraped: a host name must
       * match a glob here or resolve to an address inside a CIDR here.
       * Example: `['*.svc.cluster.local', '10.0.0.0/8']`.
       */
      allow?: string[];
      /**
       * These hosts and addresses are never scraped, in addition to the
       * built-in ones. Example: `['*.internal.example.com', '10.96.0.0/12']`.
       */
      deny?: string[];
    };

    /** How annotations become targets, and how many they may become. */
    discovery?: {
      /**
       * Distinct entries of one `periskop.io/targets` annotation that are
       * scraped; the rest are reported in the entity's target health and
       * logged. Default 32, at most 100000.
       */
      maxEntriesPerAnnotation?: number;
      /**
       * A/AAAA addresses of a `dns+a://` name, or SRV records of a
       * `dns+srv://` name, that become targets (the first ones in address
       * or SRV preference order); the rest are reported. Default 256, at
       * most 100000.
       */
      maxRecordsPerName?: number;
      /**
       * Targets of one entity over all its entries; the rest are reported.
       * Default 512, at most 100000.
       */
      maxTargetsPerEntity?: number;
      /**
       * DNS servers that resolve `dns+a://` and `dns+srv://` entries, as
       * `10.0.0.53`, `10.0.0.53:5353`, `[fd00::53]` or `[fd00::53]:5353`.
       * Default: the system's resolvers, with a fallback to the operating
       * system's lookup (`/etc/hosts`, search domains) for addresses. With
       * servers configured, their answer is final for these entries (no
       * such fallback), and they also resolve the host names of SRV
       * records when those are fetched (then the system's lookup).
       */
      dnsServers?: string[];
    };

    /**
     * Bounds on what the catalog's services can make the plugin store.
     * Keys past a cap are not lost: their occurrences are counted exactly
     * in one "Other errors (over the group cap)" group per entity (which
     * counts towards no cap) until there is room for the key's own group,
     * and the target's health says which cap was hit and how many keys
     * were folded.
     */
    limits?: {
      /** Error groups per entity. Default 1000. */
      groupsPerEntity?: number;
      /**
       * Error groups one scrape of one target may create. Default 250: it
       * bounds the rows one scrape adds and the pace at which a target
       * whose keys carry ids fills the entity's cap, while the first
       * scrape of a long-running service (which reports every key seen
       * since it started) stays well within it.
       */
      newGroupsPerTargetPerCycle?: number;
    };

    /**
     * The plugin's OpenTelemetry metrics (exported when the backend has a
     * meter provider; see the README's "Metrics").
     */
    metrics?: {
      /**
       * Whether `periskop_error_occurrences` carries the scraped URL (or
       * where a push came from) as its `target` label, as Periskop's own
       * metric does. Default false: instance URLs change with every restart
       * or rescheduled pod, and each adds a series per error key.
       */
      targetLabel?: boolean;
    };

    /**
     * Pushes of batch jobs and other processes that cannot be scraped (to
     * `/api/periskop/push/<push key>/errors`). A pushed payload is bounded
     * like a scraped one: `scrape.maxBodyBytes` and `scrape.maxKeysPerTarget`.
     */
    push?: {
      /** Pushes per push key (or per entity, for static tokens) and minute; more are answered 429. Default 60, at most 10000. */
      maxPushesPerMinute?: number;
    };

    /**
     * Backstage notifications (`@backstage/plugin-notifications-node`) to
     * the owners of an entity when one of its errors is new, or regresses
     * (a new occurrence after it was resolved). Sent to
     * `{ type: 'entity', entityRef }`, which the notifications backend
     * resolves to the members of the owning group; one notification per
     * error (its `scope`), updated rather than repeated.
     */
    notifications?: {
      /**
       * Whether notifications are sent. Default: on when the
       * notifications backend is installed in this Backstage (this backend
       * or one named in `discovery.endpoints`), off otherwise, with one log
       * line saying so. `true` sends even when it is not found (an app
       * whose own notification service factory sends elsewhere).
       */
      enabled?: boolean;
      /**
       * The least severe error that notifies: `error`, `warning` or
       * `info`. Default warning.
       */
      minSeverity?: 'error' | 'warning' | 'info';
      /**
       * What notifies: `new` (the first occurrence of an error in an
       * entity) and `regressed` (a new occurrence after a resolve).
       * Default both.
       */
      events?: Array<'new' | 'regressed'>;
      /**
       * After a notification about an error, no other about the same error
       * for this long (kept in the database, so across restarts and
       * replicas). Default 1 hour.
       */
      quietPeriod?: HumanDuration | string;
    };

    storage?: {
      /** Samples kept per error group, newest first. Default 100, at most 10000. */
      samplesPerError?: number;
      retention?: {
        /** Samples, occurrence buckets and dead instances older than this many days are removed. Default 30. */
        days?: number;
        /** When the retention task runs. Default hourly, timeout 15 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      occurrences?: {
        /** Minute buckets older than this (in days) are rolled up into hour buckets. Default 2, at most the retention. */
        minuteBucketsDays?: number;
      };
      /**
       * An error group without an occurrence for this many days is deleted
       * with its samples and buckets, unless it is open and regressed. An
       * instance that still reports the same count does not bring it back;
       * a new occurrence does, as a new group. Default 30.
       */
      groupIdleDays?: number;
      /**
       * All data of an entity that left the catalog or lost its
       * `periskop.io/targets` annotation is deleted after this many days; it
       * is hidden from the API at once, and kept whole if the entity comes
       * back within the period (a catalog hiccup loses nothing). Default 7.
       */
      removedEntityGraceDays?: number;
    };

    /**
     * What is replaced by `[REDACTED]` before anything a client reported is
     * stored, hashed for search or logged. On by default; the lists below
     * add to the defaults, which cannot be removed.
     */
    redact?: {
      /**
       * Request headers whose values are redacted, in addition to the
       * defaults (Authorization, Cookie, Set-Cookie, Proxy-Authorization,
       * X-Api-Key, X-Auth-Token, X-Csrf-Token, X-Xsrf-Token,
       * X-Amz-Security-Token) and to every header whose name matches a
       * query parameter or body field pattern.
       */
      headers?: string[];
      /**
       * Name patterns of URL query parameters (and fragment fields) whose
       * values are redacted, in addition to the defaults (`*password*`,
       * `*secret*`, `*token*`, `*apikey*`, `*auth*`, `*session*`,
       * `*cookie*`, `*credential*`, `*signature*`, `sid`, `sig`, `key`, …).
       * A pattern matches a whole name, ignoring case and the separators
       * `-`, `_`, `.` and spaces; `*` stands for any characters: `*ssn*`
       * catches `user_ssn`, `ssn` only `ssn`.
       */
      queryParameters?: string[];
      /**
       * Name patterns (as for `queryParameters`) of request body fields
       * whose values are redacted: JSON members at any depth (the whole
       * value, objects included) and form fields. Both lists also apply to
       * `name=value` and `"name": value` in messages, stack frames and
       * bodies of other types.
       */
      bodyFields?: string[];
      /**
       * Whether values that are secret whatever their name are redacted in
       * every text (messages, stack frames, causes, URLs, bodies, header
       * values, aggregation keys): Luhn-valid card numbers of 13 to 19
       * digits starting with 2 to 6 (spaces or dashes between digit groups
       * allowed), `Bearer` tokens, JWTs and the `user:password@` of URLs.
       * Default true.
       */
      values?: boolean;
    };
  };
}
