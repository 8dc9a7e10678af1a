import type {
  MetricsService,
  MetricsServiceUpDownCounter,
} from '@backstage/backend-plugin-api/alpha';
import type { GroupDelta } from '../database';
import type { OccurrenceSource } from './PeriskopMetrics';

/**
 * The name of Periskop's own metric (client_golang `CounterVec`, namespace
 * `periskop`, name `error_occurrences`), which existing alert rules and
 * dashboards query.
 */
export const ERROR_OCCURRENCES_METRIC = 'periskop_error_occurrences';

/** Periskop's help text, word for word. */
const DESCRIPTION =
  'Number of occurrences per service, error type and severity.';

/**
 * The labels of Periskop's metric (`target` only when configured), and the
 * entity: one value per service, so no more series, and what a link from
 * an alert to the entity's Errors tab needs.
 */
type OccurrenceLabels = {
  service_name: string;
  severity: string;
  aggregation_key: string;
  entity_ref: string;
  target?: string;
};

/**
 * `periskop_error_occurrences`: the occurrences the store committed, per
 * service, aggregation key and severity, exactly as Periskop's server
 * counts them (it adds each scrape's delta; so does this, with the deltas
 * of the committed transaction, which a retry or a second replica never
 * repeats).
 *
 * Why an UpDownCounter that only ever goes up, and not a Counter: the
 * name must stay `periskop_error_occurrences`, and OpenTelemetry's
 * Prometheus exporter appends `_total` to every monotonic sum, with no
 * option to turn that off (so does the Collector's Prometheus exporter and
 * remote write). A non-monotonic sum is exported under its name as it is,
 * with the same cumulative value, so `periskop_error_occurrences > 1000`,
 * `increase(...)` and `rate(...)` rules written for Periskop keep working.
 * Only the `# TYPE` line says `gauge` instead of `counter` (Periskop's
 * older versions exported a gauge too). No unit is set, because exporters
 * that append units would change the name as well.
 */
export class ErrorOccurrencesMetric {
  readonly #counter: MetricsServiceUpDownCounter<OccurrenceLabels>;
  readonly #targetLabel: boolean;

  constructor(metrics: MetricsService, options: { targetLabel: boolean }) {
    this.#counter = metrics.createUpDownCounter<OccurrenceLabels>(
      ERROR_OCCURRENCES_METRIC,
      { description: DESCRIPTION },
    );
    this.#targetLabel = options.targetLabel;
  }

  /** Adds the committed deltas of one apply. */
  count(source: OccurrenceSource, deltas: readonly GroupDelta[]): void {
    for (const { aggregationKey, severity, delta } of deltas) {
      // only ever up: a negative add would break rate() and increase()
      if (!(delta > 0)) continue;
      this.#counter.add(delta, {
        service_name: source.serviceName,
        severity,
        aggregation_key: aggregationKey,
        entity_ref: source.entityRef,
        ...(this.#targetLabel ? { target: source.url } : {}),
      });
    }
  }
}
