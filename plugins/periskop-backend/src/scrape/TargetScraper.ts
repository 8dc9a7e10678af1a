import { LoggerService } from '@backstage/backend-plugin-api';
import { readPeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import { createHash } from 'node:crypto';
import { countersDigest, instanceKeyOf, Redaction } from '../aggregation';
import {
  GroupTransition,
  IngestStore,
  TargetHealthRecord,
  TargetScrapeState,
} from '../database';
import { serviceNameOf } from '../discovery/serviceNameOf';
import { ScrapeTarget } from '../discovery/types';
import { Semaphore } from '../concurrency/Semaphore';
import {
  applyReadPayload,
  firstWarningText,
  ReadPayload,
} from './applyReadPayload';
import { ReorderingTargets } from './ReorderingTargets';
import { describeResponse } from './responseTraits';
import { FetchResult, TargetFetcher } from './types';
import type { PeriskopMetrics } from '../metrics/PeriskopMetrics';
import { StorageOutageLog } from './StorageOutageLog';

/** What one scrape of one target produced. */
export interface TargetScrapeResult {
  health: TargetHealthRecord;
  newOccurrences: number;
  groupsChanged: number;
  /** New error keys counted in the entity's overflow group (over a cap on groups). */
  foldedKeys?: number;
  /** Groups the scrape made new or reopened (see `detectTransitions`). */
  transitions?: GroupTransition[];
  /**
   * True when nothing was counted because nothing moved: the payload was
   * byte for byte the one already stored, or its keys and counts were
   * (in any order, however formatted).
   */
  unchanged?: boolean;
  /** True when the cycle was aborted before the target was fetched: not a scrape. */
  aborted?: boolean;
}

/**
 * How long a target's payload may be recognised as unchanged (and skipped)
 * before it goes through the store again anyway. That refreshes the
 * instance's liveness, which retention relies on; the store itself writes
 * it at most hourly too.
 */
export const DEFAULT_REAPPLY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Payloads parsed and stored at the same time (fetches in flight are bounded
 * separately, by the scrape concurrency). Parsing is CPU work on the one
 * JavaScript thread, so more would not go faster; a parsed payload takes
 * several times its size on the heap, and holding one per fetch in flight
 * while they queue for the database made garbage collection the largest
 * cost of a cycle and the peak memory grow with the concurrency. A few at a
 * time keep the database busy while the next one is parsed.
 */
export const DEFAULT_PROCESSING_CONCURRENCY = 4;

/**
 * The health error of a target whose scrape could not be stored. The
 * database's own message (host names, SQL) goes to the log only: target
 * health is shown to everyone who may read the entity.
 */
export const STORAGE_ERROR_REASON = 'storage error';

/** The health error of a target whose scrape failed in our own code; logged in full. */
export const INTERNAL_ERROR_REASON = 'internal error';

/** SHA-256 (hex) of the payload: the fetcher's, or of its bytes. */
function payloadDigest(fetched: Extract<FetchResult, { ok: true }>): string {
  return (
    fetched.digest ??
    createHash('sha256')
      .update(fetched.content ?? Buffer.from(fetched.body, 'utf8'))
      .digest('hex')
  );
}

/**
 * Scrapes one target: fetch, parse leniently, aggregate against the stored
 * counters and store, all-or-nothing for that target. Never throws: every
 * failure becomes the target's health, so one bad target cannot disturb the
 * others.
 */
export class TargetScraper {
  constructor(
    private readonly options: {
      fetcher: TargetFetcher;
      store: IngestStore;
      logger: LoggerService;
      maxKeysPerTarget: number;
      /** Applied to keys and samples before anything is stored or logged. */
      redaction: Redaction;
      /** Counts the committed occurrences and times the store (see `applyReadPayload`). */
      metrics?: PeriskopMetrics;
      now?: () => number;
      /** See {@link DEFAULT_REAPPLY_INTERVAL_MS}. */
      reapplyIntervalMs?: number;
      /** See {@link DEFAULT_PROCESSING_CONCURRENCY}. */
      processingConcurrency?: number;
    },
  ) {
    this.#processing = new Semaphore(
      options.processingConcurrency ?? DEFAULT_PROCESSING_CONCURRENCY,
    );
    this.#storageLog = new StorageOutageLog(options.logger);
  }

  readonly #processing: Semaphore;

  /** One line per outage and minute, not one per target. */
  readonly #storageLog: StorageOutageLog;

  /** Targets whose bodies are not worth hashing (see {@link ReorderingTargets}). */
  readonly #reordering = new ReorderingTargets();

  /**
   * @param previous - what the last scrapes left (see
   *   `IngestStore.listScrapeStates`): a payload with the same bytes as the
   *   one last put through the store is not read at all, one with the same
   *   keys and counts only has those read; neither goes to the store, only
   *   the target's health is recorded.
   */
  async scrape(
    target: ScrapeTarget,
    signal?: AbortSignal,
    previous?: TargetScrapeState,
  ): Promise<TargetScrapeResult> {
    const scrapedAt = (this.options.now ?? Date.now)();
    try {
      return await this.#scrape(target, scrapedAt, signal, previous);
    } catch (error) {
      // A bug of ours must not take the other targets down, nor show
      // its message (which may hold payload data) in the target's health.
      this.options.logger.error(
        `Failed to scrape ${target.url} (${target.entityRef})`,
        error as Error,
      );
      return this.#down(target, scrapedAt, INTERNAL_ERROR_REASON);
    }
  }

  async #scrape(
    target: ScrapeTarget,
    scrapedAt: number,
    signal: AbortSignal | undefined,
    previous: TargetScrapeState | undefined,
  ): Promise<TargetScrapeResult> {
    const down = (error: string, extra: Partial<TargetHealthRecord> = {}) =>
      this.#down(target, scrapedAt, error, extra);

    if (target.unavailableReason) {
      return down(target.unavailableReason);
    }

    const hashed = this.#reordering.shouldHash(target.id);
    const fetched = await this.options.fetcher.fetch(target.url, {
      signal,
      digest: hashed,
    });
    const durationMs = Math.round(fetched.durationMs);
    if (!fetched.ok) {
      if (signal?.aborted) {
        // the cycle ended, the target did not fail: leave it for the next one
        return { ...down(fetched.reason), aborted: true };
      }
      return down(fetched.reason, {
        durationMs,
        payloadBytes: fetched.bytes ?? null,
      });
    }

    // Same bytes as the payload the store already holds: the same counters,
    // so nothing to count, and the same keys and warnings as then. The
    // digest is the stored one (any replica's last scrape), and payloads are
    // put through the store again after a while to refresh liveness.
    const digest = hashed ? payloadDigest(fetched) : undefined;
    const appliedAt = previous?.payloadAppliedAt ?? null;
    const fresh =
      previous !== undefined &&
      previous.instanceKey !== null &&
      appliedAt !== null &&
      scrapedAt >= appliedAt &&
      scrapedAt - appliedAt <
        (this.options.reapplyIntervalMs ?? DEFAULT_REAPPLY_INTERVAL_MS);
    const unchanged = (
      errorKeys: number | null,
      bytesDigest?: string,
    ): TargetScrapeResult => ({
      health: {
        targetId: target.id,
        up: true,
        scrapedAt,
        instanceKey: previous!.instanceKey,
        error: null,
        durationMs,
        payloadBytes: fetched.bytes,
        errorKeys,
        warnings: previous!.warnings,
        firstWarning: previous!.firstWarning,
        ...(bytesDigest !== undefined ? { payloadDigest: bytesDigest } : {}),
      },
      newOccurrences: 0,
      groupsChanged: 0,
      unchanged: true,
    });
    if (fresh && digest !== undefined && previous.payloadDigest === digest) {
      this.#reordering.bytesMatched(target.id);
      return unchanged(previous.errorKeys);
    }

    // Only the keys and counts are read now, from the bytes when the fetcher
    // has them (the body is then never decoded whole); samples are decoded
    // later, and only for the keys whose count moved.
    const read = readPeriskopPayload(fetched.content ?? fetched.body, {
      maxKeys: this.options.maxKeysPerTarget,
    });
    if (!read.ok) {
      // what the response was, never what it said (see responseTraits.ts)
      const response = describeResponse({
        mediaType: fetched.mediaType ?? 'unknown content type',
        bytes: fetched.bytes,
      });
      return down(`${read.reason}; response: ${response}`, {
        durationMs,
        payloadBytes: fetched.bytes,
      });
    }
    const instanceKey = instanceKeyOf(read.targetUuid, target.url);
    const counters = countersDigest(read.aggregates);
    // Other bytes, same keys and counts (Go and Scala clients serialise a
    // map, so their key order changes on every request): nothing moved.
    if (
      fresh &&
      previous.countersDigest === counters &&
      previous.instanceKey === instanceKey
    ) {
      this.#reordering.countsMatched(target.id, hashed);
      // these bytes hold what the store holds too: the next identical body
      // is recognised by its hash (the time it was applied stays)
      return unchanged(read.aggregates.length, digest);
    }

    // Applies are few at a time, so that the database is kept busy while
    // the samples of the next payload are decoded, without holding many.
    return this.#processing.run(() =>
      this.#apply(target, read, {
        scrapedAt,
        durationMs,
        fetched,
        instanceKey,
        digest: digest ?? payloadDigest(fetched),
        counters,
      }),
    );
  }

  #down(
    target: ScrapeTarget,
    scrapedAt: number,
    error: string,
    extra: Partial<TargetHealthRecord> = {},
  ): TargetScrapeResult {
    return {
      health: {
        targetId: target.id,
        up: false,
        scrapedAt,
        instanceKey: null,
        error,
        durationMs: null,
        payloadBytes: null,
        errorKeys: null,
        warnings: 0,
        firstWarning: null,
        ...extra,
      },
      newOccurrences: 0,
      groupsChanged: 0,
    };
  }

  async #apply(
    target: ScrapeTarget,
    read: ReadPayload,
    scrape: {
      scrapedAt: number;
      durationMs: number;
      fetched: Extract<FetchResult, { ok: true }>;
      instanceKey: string;
      /** Of the bytes, and of the keys and counts. */
      digest: string;
      counters: string;
    },
  ): Promise<TargetScrapeResult> {
    const { scrapedAt, durationMs, fetched, instanceKey, digest, counters } =
      scrape;
    try {
      const { applied, warnings } = await applyReadPayload(this.options, {
        entityRef: target.entityRef,
        serviceName: serviceNameOf(target),
        instanceKey,
        url: target.url,
        now: scrapedAt,
        read,
      });
      if (warnings.length > 0) {
        this.options.logger.warn(
          `Skipped ${warnings.length} malformed item(s) in the payload of ${target.url} (${target.entityRef}): ${warnings[0].path}: ${warnings[0].reason}`,
        );
      }
      return {
        health: {
          targetId: target.id,
          up: true,
          scrapedAt,
          instanceKey,
          error: null,
          durationMs,
          payloadBytes: fetched.bytes,
          errorKeys: read.aggregates.length,
          warnings: warnings.length,
          firstWarning: firstWarningText(warnings),
          payloadDigest: digest,
          payloadAppliedAt: scrapedAt,
          countersDigest: counters,
          limitNotice: applied.limitNotice,
        },
        newOccurrences: applied.newOccurrences,
        groupsChanged: applied.groupsChanged,
        foldedKeys: applied.foldedKeys,
        transitions: applied.transitions,
      };
    } catch (error) {
      this.#storageLog.storeFailed(
        `${target.url} (${target.entityRef})`,
        error,
      );
      return this.#down(target, scrapedAt, STORAGE_ERROR_REASON, {
        durationMs,
        payloadBytes: fetched.bytes,
        errorKeys: read.aggregates.length,
      });
    }
  }
}
