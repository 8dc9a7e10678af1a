import { PeriskopMetrics } from './PeriskopMetrics';

/**
 * Wraps a task's function so that every run, failed ones included, is
 * recorded in `periskop_cycle_duration_seconds` under the task's id.
 */
export function timedTask(metrics: PeriskopMetrics) {
  return (
      task: string,
      fn: (signal: AbortSignal) => Promise<void>,
    ): ((signal: AbortSignal) => Promise<void>) =>
    async signal => {
      const started = performance.now();
      try {
        await fn(signal);
      } finally {
        metrics.recordTaskRun(task, (performance.now() - started) / 1000);
      }
    };
}
