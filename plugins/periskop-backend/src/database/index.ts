export * from './types';
export * from './stores';
export type {
  InstanceScrape,
  InstanceScrapeResult,
} from './operations/ingest/applyInstanceScrape';
export { createPeriskopStores } from './createPeriskopStores';
export { entityCounts } from './operations/overview/getEntityAggregates';
