import { ParsedSample } from '@periskop-backstage/plugin-periskop-common';
import { buildSearchText } from './buildSearchText';
import { countersDigest } from './countersDigest';
import { hashAggregationKey } from './hashAggregationKey';
import { Redaction } from './redaction';
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
  /** Applied to the aggregation keys and samples before anything is kept. */
  redaction: Redaction;
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
  const { aggregates, state, now, redaction } = input;
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
    groups.push(describeGroup(aggregate, keyHash, delta, now, redaction));
    newOccurrences += delta;
  }

  return { countersDigest: digest, groups, newOccurrences };
}

function describeGroup(
  aggregate: CountedAggregate,
  keyHash: string,
  delta: number,
  now: number,
  redaction: Redaction,
): GroupUpdate {
  // Samples only come with new occurrences; a counter that merely reset to
  // an equal or lower value brings nothing worth storing (nor reading).
  const samples: ParsedSample[] =
    delta > 0
      ? redaction
          .redactSamples(aggregate.readSamples().samples)
          .map(sample => ({
            ...sample,
            // A client clock ahead of ours must not put samples in the future.
            timestampMs: Math.min(sample.timestampMs, now),
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

  // The group stays identified by the hash of the raw key (other keys'
  // counts must not merge); what is stored, shown and searched is redacted,
  // since clients such as periskop-go put the message into the key.
  const aggregationKey = redaction.redactText(aggregate.aggregationKey);
  return {
    keyHash,
    aggregationKey,
    delta,
    currentCount: aggregate.totalCount,
    severity: newest?.severity ?? aggregate.severity,
    errorClass: newest?.error.class ?? classFromKey(aggregationKey),
    message: newest?.error.message ?? '',
    searchText: buildSearchText(
      aggregationKey,
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
