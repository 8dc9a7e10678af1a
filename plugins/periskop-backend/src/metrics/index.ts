export { createPeriskopMetrics } from './createPeriskopMetrics';
export { ERROR_OCCURRENCES_METRIC } from './ErrorOccurrencesMetric';
export { noopPeriskopMetrics } from './PeriskopMetrics';
export type {
  OccurrenceSource,
  PeriskopMetrics,
  ScrapedTarget,
  StoreOperation,
} from './PeriskopMetrics';
