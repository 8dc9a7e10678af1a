import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import type { PeriskopConfig } from '../config/PeriskopConfig';
import { ErrorOccurrencesMetric } from './ErrorOccurrencesMetric';
import type { PeriskopMetrics, StoreOperation } from './PeriskopMetrics';
import { TargetHealthGauges } from './TargetHealthGauges';

/** Bucket bounds of a scheduled task's run (a scrape cycle up to its timeout). */
const TASK_BUCKETS_SECONDS = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
];

/** Bucket bounds of one store call (an apply is a few milliseconds to a few seconds). */
const STORE_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/**
 * The plugin's metrics on Backstage's metrics service (OpenTelemetry; the
 * backend exports them through whatever meter provider it installs, see
 * the README's "Metrics"). Names follow Prometheus' conventions (base
 * units in the name, snake case) and `periskop_error_occurrences` is
 * Periskop's own, so that its alert rules keep working.
 */
export function createPeriskopMetrics(
  metrics: MetricsService,
  settings: Pick<
    PeriskopConfig,
    'metrics' | 'schedule' | 'scrapeIntervalSeconds'
  >,
): PeriskopMetrics {
  const occurrences = new ErrorOccurrencesMetric(metrics, {
    targetLabel: settings.metrics.targetLabel,
  });
  const targets = new TargetHealthGauges(metrics, {
    staleAfterMs: targetStaleAfterMs(settings),
  });
  const taskDuration = metrics.createHistogram<{ task: string }>(
    'periskop_cycle_duration_seconds',
    {
      description:
        'How long one run of a Periskop task took (a scrape cycle, a shard, discovery, retention).',
      unit: 's',
      advice: { explicitBucketBoundaries: TASK_BUCKETS_SECONDS },
    },
  );
  const storeDuration = metrics.createHistogram<{ operation: StoreOperation }>(
    'periskop_store_duration_seconds',
    {
      description:
        'How long one call to the Periskop store took (failed ones included).',
      unit: 's',
      advice: { explicitBucketBoundaries: STORE_BUCKETS_SECONDS },
    },
  );

  return {
    countOccurrences: (source, deltas) => occurrences.count(source, deltas),
    recordTargets: (scope, scraped) => targets.record(scope, scraped),
    async timeStore(operation, call) {
      const started = performance.now();
      try {
        return await call();
      } finally {
        storeDuration.record((performance.now() - started) / 1000, {
          operation,
        });
      }
    },
    recordTaskRun: (task, seconds) => taskDuration.record(seconds, { task }),
  };
}

/**
 * How long a target's series outlive its last report: two intervals plus
 * two task timeouts, longer than any gap between two cycles that scrape
 * it on the same replica (a cycle may run up to its timeout, and starts
 * at most one interval after the one before).
 */
function targetStaleAfterMs(
  settings: Pick<PeriskopConfig, 'schedule' | 'scrapeIntervalSeconds'>,
): number {
  const timeout = settings.schedule.timeout;
  const timeoutMs =
    typeof timeout === 'object' && 'toMillis' in timeout
      ? timeout.toMillis()
      : durationToMilliseconds(timeout as HumanDuration);
  return 2 * (settings.scrapeIntervalSeconds * 1000 + timeoutMs);
}
