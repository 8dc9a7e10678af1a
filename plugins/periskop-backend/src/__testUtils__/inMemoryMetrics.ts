import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';

/**
 * A reader that only collects when asked (what a Prometheus scrape does),
 * cumulative like the Prometheus exporter, except for observable gauges,
 * which the example backend's exporter (packages/backend/src/
 * instrumentation.js) collects as deltas: under cumulative temporality
 * the JavaScript SDK goes on exporting every attribute set a callback ever
 * observed (opentelemetry-js#4096), so a forgotten target would stay.
 */
class CollectingReader extends MetricReader {
  constructor() {
    super({
      aggregationTemporalitySelector: type =>
        type === InstrumentType.OBSERVABLE_GAUGE
          ? AggregationTemporality.DELTA
          : AggregationTemporality.CUMULATIVE,
    });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One series of one metric as the last collection saw it. */
export interface CollectedSeries {
  labels: Record<string, unknown>;
  /** The value of a sum or gauge; a histogram's count. */
  value: number;
  /** A histogram's sum. */
  sum?: number;
}

/**
 * Backstage's metrics service on a real OpenTelemetry MeterProvider of its
 * own (not the global one), with a reader that collects on demand: tests
 * see exactly what an exporter would export, instrument kinds, cumulative
 * sums and forgotten series included.
 */
export class InMemoryMetrics {
  readonly #reader = new CollectingReader();
  readonly #provider = new MeterProvider({ readers: [this.#reader] });

  /**
   * What `metricsServiceRef` gives a plugin: the meter of the plugin's
   * scope (the default service delegates every call to it).
   */
  readonly service: MetricsService = this.#provider.getMeter(
    'backstage-plugin-periskop',
  );

  /** Every metric of the last collection, by name. */
  async collect(): Promise<Map<string, CollectedSeries[]>> {
    const { resourceMetrics, errors } = await this.#reader.collect();
    if (errors.length > 0) {
      throw errors[0];
    }
    const byName = new Map<string, CollectedSeries[]>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        const series = metric.dataPoints.map(point => {
          if (metric.dataPointType === DataPointType.HISTOGRAM) {
            const histogram = point.value as { count: number; sum?: number };
            return {
              labels: { ...point.attributes },
              value: histogram.count,
              sum: histogram.sum,
            };
          }
          return {
            labels: { ...point.attributes },
            value: point.value as number,
          };
        });
        byName.set(metric.descriptor.name, series);
      }
    }
    return byName;
  }

  /** The series of one metric (none when it has none). */
  async series(name: string): Promise<CollectedSeries[]> {
    return (await this.collect()).get(name) ?? [];
  }

  /** The instrument kind of a metric, as exporters see it (for the name rules). */
  async descriptor(name: string) {
    const { resourceMetrics } = await this.#reader.collect();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name === name) {
          return {
            ...metric.descriptor,
            dataPointType: metric.dataPointType,
            isMonotonic:
              metric.dataPointType === DataPointType.SUM
                ? metric.isMonotonic
                : undefined,
          };
        }
      }
    }
    return undefined;
  }

  async shutdown(): Promise<void> {
    await this.#provider.shutdown();
  }
}
