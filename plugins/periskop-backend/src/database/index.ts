export * from './types';
export * from './stores';
export type {
  InstanceScrape,
  InstanceScrapeResult,
} from './operations/ingest/applyInstanceScrape';
export { createPeriskopStores } from './createPeriskopStores';
export { isConnectionLost } from './sql/isConnectionLost';
export type { GroupLimits } from './operations/ingest/capNewGroups';
export { entityCounts } from './operations/overview/getEntityAggregates';
