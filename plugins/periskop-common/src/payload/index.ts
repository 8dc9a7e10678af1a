export * from './types';
export { parsePeriskopPayload, MAX_CAUSE_DEPTH } from './parsePeriskopPayload';
export { parseRfc3339Timestamp } from './parseRfc3339Timestamp';
export type { NormalisedTimestamp } from './parseRfc3339Timestamp';
