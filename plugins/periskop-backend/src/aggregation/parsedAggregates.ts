import { ParsedPayload } from '@periskop-backstage/plugin-periskop-common';
import { CountedAggregate } from './types';

/**
 * The aggregates of a payload parsed whole, as {@link CountedAggregate}s
 * (for callers that have one, such as seeds and tests; the scraper reads
 * payloads lazily instead).
 */
export function countedAggregates(payload: ParsedPayload): CountedAggregate[] {
  return payload.aggregates.map(({ samples, ...head }) => ({
    ...head,
    readSamples: () => ({ samples }),
  }));
}
