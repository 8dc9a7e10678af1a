import { ParsedSample } from '@periskop-backstage/plugin-periskop-common';
import { buildSearchText } from './buildSearchText';
import { countersDigest } from './countersDigest';
import { hashAggregationKey } from './hashAggregationKey';
import { redactHeaders } from './redactHeaders';
import { sampleContent } from './sampleContent';
import {
  CountedAggregate,
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
} from './types';

/** Inputs of {@link aggregatePayload}. */
export interface AggregatePayloadInput {
  /** The instance's aggregates, with their samples still unread. */
  aggregates: readonly CountedAggregate[];
  /** What the database remembers of the instance. */
  state: InstanceState;
  /** Scrape time, ms since the epoch. */
  now: number;
  /** Lower-case names of the request headers to redact. */
  redactedHeaders: ReadonlySet<string>;
}

/**
 * Turns one instance's payload and its stored counters into the changes to
 * store. Pure: no I/O, no clock.
 *
 * Per group the delta is `current - last`; a counter that went down means
 * the process restarted without changing its identity, so the delta is the
 * current count. A payload whose counters equal the stored ones yields
 * `null`: nothing to write. Samples are read only of the aggregates whose
 * count moved.
 */
export function aggregatePayload(
  input: AggregatePayloadInput,
): InstanceUpdate | null {
  const { aggregates, state, now, redactedHeaders } = input;
  const digest = countersDigest(aggregates);
  if (digest === state.countersDigest) {
    return null;
  }

  const groups: GroupUpdate[] = [];
  let newOccurrences = 0;
  for (const aggregate of aggregates) {
    const keyHash = hashAggregationKey(aggregate.aggregationKey);
    const last = state.lastCounts.get(keyHash);
    const current = aggregate.totalCount;
    if (last === current) {
      continue;
    }
    const delta =
      last === undefined || current < last ? current : current - last;
    groups.push(describeGroup(aggregate, keyHash, delta, now, redactedHeaders));
    newOccurrences += delta;
  }

  return { countersDigest: digest, groups, newOccurrences };
}

function describeGroup(
  aggregate: CountedAggregate,
  keyHash: string,
  delta: number,
  now: number,
  redactedHeaders: ReadonlySet<string>,
): GroupUpdate {
  // Samples only come with new occurrences; a counter that merely reset to
  // an equal or lower value brings nothing worth storing (nor reading).
  const samples: ParsedSample[] =
    delta > 0
      ? aggregate.readSamples().samples.map(sample => ({
          ...sample,
          // A client clock ahead of ours must not put samples in the future.
          timestampMs: Math.min(sample.timestampMs, now),
          httpContext: redactHeaders(sample.httpContext, redactedHeaders),
        }))
      : [];

  let newest: ParsedSample | undefined;
  let oldestMs = Number.POSITIVE_INFINITY;
  for (const sample of samples) {
    if (!newest || sample.timestampMs >= newest.timestampMs) {
      newest = sample;
    }
    oldestMs = Math.min(oldestMs, sample.timestampMs);
  }

  const createdAt =
    aggregate.createdAt !== null ? Date.parse(aggregate.createdAt) : NaN;
  const firstSeen = Math.min(
    now,
    oldestMs,
    Number.isFinite(createdAt) ? createdAt : Number.POSITIVE_INFINITY,
  );

  return {
    keyHash,
    aggregationKey: aggregate.aggregationKey,
    delta,
    currentCount: aggregate.totalCount,
    severity: newest?.severity ?? aggregate.severity,
    errorClass: newest?.error.class ?? classFromKey(aggregate.aggregationKey),
    message: newest?.error.message ?? '',
    searchText: buildSearchText(
      aggregate.aggregationKey,
      newest?.error ?? null,
      newest?.httpContext ?? null,
    ),
    latestSampleAt: newest?.timestampMs ?? null,
    firstSeen,
    // The newest sample dates the latest occurrence; without one, the scrape
    // is the best bound we have.
    lastSeen: newest ? newest.timestampMs : now,
    samples: samples.map(sample => ({
      uuid: sample.uuid,
      timestampMs: sample.timestampMs,
      severity: sample.severity,
      content: sampleContent(sample.error, sample.httpContext),
    })),
  };
}

/** Clients build default keys as `Class@hash`; a sample-less group is named after it. */
function classFromKey(aggregationKey: string): string {
  const at = aggregationKey.lastIndexOf('@');
  return at > 0 ? aggregationKey.slice(0, at) : aggregationKey;
}
