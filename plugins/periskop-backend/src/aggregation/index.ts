export { aggregatePayload } from './aggregatePayload';
export type { AggregatePayloadInput } from './aggregatePayload';
export { countersDigest } from './countersDigest';
export { countedAggregates } from './parsedAggregates';
export { hashAggregationKey } from './hashAggregationKey';
export { instanceKeyOf } from './instanceKey';
export {
  DEFAULT_REDACT_VALUES,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REDACTION_SETTINGS,
  DEFAULT_SECRET_NAME_PATTERNS,
  invalidSecretNamePattern,
  REDACTED,
  Redaction,
} from './redaction';
export type { RedactionSettings } from './redaction';
export { sampleContent } from './sampleContent';
export type { SampleContent } from './sampleContent';
export type {
  CountedAggregate,
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
  SampleRecord,
} from './types';
