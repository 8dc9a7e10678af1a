export * from './types';
export { parsePeriskopPayload } from './parsePeriskopPayload';
export { MAX_CAUSE_DEPTH } from './parseErrorInstance';
export { parseRfc3339Timestamp } from './parseRfc3339Timestamp';
export type { NormalisedTimestamp } from './parseRfc3339Timestamp';
export { readPeriskopPayload } from './readPeriskopPayload';
