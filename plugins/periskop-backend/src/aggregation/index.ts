export { aggregatePayload } from './aggregatePayload';
export type { AggregatePayloadInput } from './aggregatePayload';
export { hashAggregationKey } from './hashAggregationKey';
export { instanceKeyOf } from './instanceKey';
export {
  DEFAULT_REDACTED_HEADERS,
  REDACTED,
  redactHeaders,
} from './redactHeaders';
export type {
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
  SampleRecord,
} from './types';
