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
     * Which hosts the backend may fetch. Entries are host globs
     * (`*.svc.cluster.local`) or IP addresses / CIDRs (`10.0.0.0/8`).
     * Link-local and cloud metadata addresses are always denied.
     */
    targets?: {
      /** When not empty, only these hosts may be scraped. */
      allow?: string[];
      /** These hosts are never scraped. */
      deny?: string[];
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
    };

    redact?: {
      /**
       * Request headers whose values are replaced by `[REDACTED]` at ingest,
       * in addition to the defaults (Authorization, Cookie, Set-Cookie,
       * Proxy-Authorization, X-Api-Key, X-Auth-Token, X-Csrf-Token,
       * X-Xsrf-Token, X-Amz-Security-Token).
       */
      headers?: string[];
    };
  };
}
