import type {
  MetricsService,
  MetricsServiceObservableResult,
} from '@backstage/backend-plugin-api/alpha';
import { serviceNameOf } from '../discovery/serviceNameOf';
import type { ScrapedTarget } from './PeriskopMetrics';

/** The labels of every per-target series. */
type TargetLabels = {
  service_name: string;
  entity_ref: string;
  target: string;
};

/** What the gauges show of one target: its last scrape on this replica. */
interface TargetEntry {
  /** The cycle scope (shard) that scrapes it; see `record`. */
  scope: string;
  labels: TargetLabels;
  up: boolean;
  durationSeconds: number | null;
  payloadBytes: number | null;
  /** Seconds since the epoch; null until this process saw a success. */
  lastSuccessSeconds: number | null;
  /** When a cycle last reported it (ms), for forgetting stale entries. */
  recordedAt: number;
}

/**
 * The per-target gauges, as Prometheus reports its own scrapes (`up`,
 * `scrape_duration_seconds`, ...): observable gauges read from the last
 * scrape of every target that this process scraped.
 *
 * Series must not leak: a target that discovery removed is forgotten when
 * the next cycle of its scope does not have it, and a target no cycle on
 * this replica reported for `staleAfterMs` is forgotten too (with several
 * replicas, the global scrape tasks move between them; the replica that
 * scraped last has the current values).
 */
export class TargetHealthGauges {
  readonly #targets = new Map<string, TargetEntry>();
  readonly #staleAfterMs: number;
  readonly #now: () => number;

  constructor(
    metrics: MetricsService,
    options: { staleAfterMs: number; now?: () => number },
  ) {
    this.#staleAfterMs = options.staleAfterMs;
    this.#now = options.now ?? Date.now;
    this.#gauge(metrics, 'periskop_target_up', {
      description:
        'Whether the last scrape of the target succeeded (1) or failed (0).',
      value: entry => (entry.up ? 1 : 0),
    });
    this.#gauge(metrics, 'periskop_scrape_duration_seconds', {
      description: 'How long the last scrape of the target took.',
      unit: 's',
      value: entry => entry.durationSeconds,
    });
    this.#gauge(metrics, 'periskop_scrape_payload_bytes', {
      description: 'Size of the last response of the target.',
      unit: 'By',
      value: entry => entry.payloadBytes,
    });
    this.#gauge(metrics, 'periskop_target_last_success_timestamp_seconds', {
      description:
        'When the target was last scraped successfully (seconds since the epoch), since this backend started.',
      unit: 's',
      value: entry => entry.lastSuccessSeconds,
    });
  }

  /**
   * Takes the results of one cycle of `scope`: a target without a result
   * (the cycle was aborted before it) keeps its last values; a target of
   * `scope` that is not in `scraped` is forgotten.
   */
  record(scope: string, scraped: readonly ScrapedTarget[]): void {
    const now = this.#now();
    const present = new Set<string>();
    for (const { target, result } of scraped) {
      present.add(target.id);
      if (!result || result.aborted) continue;
      const { health } = result;
      const previous = this.#targets.get(target.id);
      this.#targets.set(target.id, {
        scope,
        labels: {
          service_name: serviceNameOf(target),
          entity_ref: target.entityRef,
          target: target.url,
        },
        up: health.up,
        durationSeconds:
          health.durationMs === null ? null : health.durationMs / 1000,
        payloadBytes: health.payloadBytes,
        lastSuccessSeconds: health.up
          ? health.scrapedAt / 1000
          : previous?.lastSuccessSeconds ?? null,
        recordedAt: now,
      });
    }
    for (const [id, entry] of this.#targets) {
      if (entry.scope === scope && !present.has(id)) {
        this.#targets.delete(id);
      }
    }
  }

  /** The number of targets the gauges report now (for tests). */
  get size(): number {
    this.#forgetStale();
    return this.#targets.size;
  }

  #gauge(
    metrics: MetricsService,
    name: string,
    options: {
      description: string;
      unit?: string;
      value: (entry: TargetEntry) => number | null;
    },
  ): void {
    const { value, ...metricOptions } = options;
    metrics
      .createObservableGauge<TargetLabels>(name, metricOptions)
      .addCallback((result: MetricsServiceObservableResult<TargetLabels>) => {
        this.#forgetStale();
        for (const entry of this.#targets.values()) {
          const observed = value(entry);
          if (observed !== null) {
            result.observe(observed, entry.labels);
          }
        }
      });
  }

  #forgetStale(): void {
    const oldest = this.#now() - this.#staleAfterMs;
    for (const [id, entry] of this.#targets) {
      if (entry.recordedAt < oldest) {
        this.#targets.delete(id);
      }
    }
  }
}
