import {
  PayloadAggregate,
  PayloadWarning,
  readPeriskopPayload,
} from '@periskop-backstage/plugin-periskop-common';
import { aggregatePayload, CountedAggregate, Redaction } from '../aggregation';
import { IngestStore, InstanceScrapeResult } from '../database';
import {
  noopPeriskopMetrics,
  PeriskopMetrics,
} from '../metrics/PeriskopMetrics';

/** A payload whose keys and counts were read (`readPeriskopPayload` succeeded). */
export type ReadPayload = Extract<
  ReturnType<typeof readPeriskopPayload>,
  { ok: true }
>;

/** What {@link applyReadPayload} counted, and every item it skipped. */
export interface AppliedPayload {
  applied: InstanceScrapeResult;
  /** Of the keys, and of the samples of the keys whose count moved. */
  warnings: PayloadWarning[];
}

/**
 * Counts one read payload of one instance against its stored counters and
 * stores the result in one transaction: the common step of a scrape and of
 * a push (a push is a scrape that the instance started). Samples are
 * decoded only for the keys whose count moved, and redacted before anything
 * is stored. Throws what the store throws.
 *
 * With `options.metrics`, the occurrences the transaction committed are
 * counted in `periskop_error_occurrences` once it has committed (so a
 * failed or retried transaction counts nothing twice), and the store's
 * latency is recorded.
 */
export async function applyReadPayload(
  options: {
    store: IngestStore;
    redaction: Redaction;
    metrics?: PeriskopMetrics;
  },
  payload: {
    entityRef: string;
    /** The entity's Periskop service name (see `serviceNameOf`), for metrics. */
    serviceName: string;
    instanceKey: string;
    /** The scraped URL, or where the push came from. */
    url: string;
    now: number;
    read: ReadPayload;
  },
): Promise<AppliedPayload> {
  const { entityRef, instanceKey, url, now, read } = payload;
  const metrics = options.metrics ?? noopPeriskopMetrics;
  // warnings about samples come only from the keys whose samples were read
  const sampleWarnings = new Map<string, PayloadWarning[]>();
  const aggregates = read.aggregates.map(
    (aggregate: PayloadAggregate): CountedAggregate => ({
      ...aggregate,
      readSamples: () => {
        const result = aggregate.readSamples();
        sampleWarnings.set(aggregate.aggregationKey, result.warnings);
        return result;
      },
    }),
  );
  const applied = await metrics.timeStore('apply_instance_scrape', () =>
    options.store.applyInstanceScrape({
      entityRef,
      instanceKey,
      url,
      now,
      compute: state =>
        aggregatePayload({
          aggregates,
          state,
          now,
          redaction: options.redaction,
        }),
    }),
  );
  metrics.countOccurrences(
    { serviceName: payload.serviceName, entityRef, url },
    applied.groupDeltas,
  );
  return {
    applied,
    warnings: [...read.warnings, ...[...sampleWarnings.values()].flat()],
  };
}

/** The first warning as target health shows it, or null. */
export function firstWarningText(
  warnings: readonly PayloadWarning[],
): string | null {
  return warnings.length > 0
    ? `${warnings[0].path}: ${warnings[0].reason}`
    : null;
}
