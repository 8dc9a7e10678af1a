export { aggregatePayload } from './aggregatePayload';
export type { AggregatePayloadInput } from './aggregatePayload';
export { countersDigest } from './countersDigest';
export { countedAggregates } from './parsedAggregates';
export { hashAggregationKey } from './hashAggregationKey';
export { instanceKeyOf } from './instanceKey';
export {
  DEFAULT_REDACTED_HEADERS,
  REDACTED,
  redactHeaders,
} from './redactHeaders';
export { sampleContent } from './sampleContent';
export type { SampleContent } from './sampleContent';
export type {
  CountedAggregate,
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
  SampleRecord,
} from './types';
