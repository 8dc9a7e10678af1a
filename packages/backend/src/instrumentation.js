/*
 * OpenTelemetry metrics of the example backend, exported for Prometheus.
 *
 * Loaded before the backend with `--require` (see the `start` script in
 * package.json; in production: `node --require ./instrumentation.js
 * packages/backend`), so that the global meter provider exists before any
 * plugin creates its instruments: Backstage's metrics service
 * (`metricsServiceRef`) is a no-op without one. Metrics only: no tracing and
 * no auto-instrumentations, which this app does not need.
 *
 * Environment:
 *   PERISKOP_METRICS_PORT  port of the /metrics endpoint (default 9464)
 *   PERISKOP_METRICS_HOST  interface it listens on (default 127.0.0.1;
 *                          0.0.0.0 in a container that Prometheus scrapes
 *                          from outside)
 */
const { isMainThread } = require('node:worker_threads');

// --require applies to worker threads too; one exporter per process
if (isMainThread) {
  const { metrics } = require('@opentelemetry/api');
  const {
    AggregationTemporality,
    InstrumentType,
    MeterProvider,
  } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

  /**
   * The Prometheus exporter, except that observable gauges are collected
   * as deltas. Under cumulative temporality the JavaScript SDK goes on
   * exporting every attribute set a gauge callback ever observed
   * (opentelemetry-js#4096), so a target that left the catalog would stay
   * in `periskop_target_up` with its last value until the next restart. For
   * a gauge both temporalities carry the same last value; counters and
   * histograms stay cumulative, as Prometheus needs them.
   */
  class PrometheusGaugeForgettingExporter extends PrometheusExporter {
    selectAggregationTemporality(instrumentType) {
      return instrumentType === InstrumentType.OBSERVABLE_GAUGE
        ? AggregationTemporality.DELTA
        : super.selectAggregationTemporality(instrumentType);
    }
  }

  const port = Number(process.env.PERISKOP_METRICS_PORT || 9464);
  const host = process.env.PERISKOP_METRICS_HOST || '127.0.0.1';
  const exporter = new PrometheusGaugeForgettingExporter(
    { host, port },
    error => {
      if (error) {
        console.error(
          `[instrumentation] could not serve metrics on ${host}:${port}: ${error.message}`,
        );
      }
    },
  );

  metrics.setGlobalMeterProvider(
    new MeterProvider({
      readers: [exporter],
      views: [
        {
          // The SDK folds an instrument's series past 2000 into one
          // `otel_metric_overflow` series. `periskop_error_occurrences`
          // has one series per error group and service (the group caps
          // bound it), the target gauges one per target ever scraped.
          instrumentName: 'periskop_*',
          aggregationCardinalityLimit: 100_000,
        },
      ],
    }),
  );
}
