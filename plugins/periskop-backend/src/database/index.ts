export * from './types';
export * from './stores';
export type {
  GroupTransition,
  GroupTransitionKind,
} from './operations/ingest/GroupTransition';
export { GROUP_TRANSITION_KINDS } from './operations/ingest/GroupTransition';
export type {
  GroupDelta,
  InstanceScrape,
  InstanceScrapeResult,
} from './operations/ingest/applyInstanceScrape';
export { createPeriskopStores } from './createPeriskopStores';
export { isConnectionLost } from './sql/isConnectionLost';
export type { GroupLimits } from './operations/ingest/capNewGroups';
export { entityCounts } from './operations/overview/getEntityAggregates';
export type { StoredPushKey } from './operations/push/pushKeyRecords';
export type { PushRecord } from './operations/push/recordPush';
export type { ServiceErrorGroup } from './operations/compat/listServiceErrors';
export type { NewestSample } from './operations/compat/listNewestSamples';
export {
  anonymousPushInstanceKey,
  pushedInstanceUrl,
} from './operations/push/pushedInstanceUrl';
