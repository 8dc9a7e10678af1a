import type { GroupTransition } from '../database';

/** What one batch of ingest (a scrape cycle, a push) committed. */
export interface IngestReport {
  /** Entities whose stored errors changed: new occurrences were counted. */
  changedEntityRefs: readonly string[];
  /** Groups that became new or regressed (see `detectTransitions`). */
  transitions: readonly GroupTransition[];
}

/**
 * Told about every batch of ingest once it is committed: the scrape pool
 * after each cycle, the push receiver after each push. Implementations
 * never reject; their failures are theirs to log.
 */
export interface IngestObserver {
  afterIngest(report: IngestReport): Promise<void>;
}

/** Whether a report has nothing to tell anyone: no errors changed. */
export function isEmptyReport(report: IngestReport): boolean {
  return (
    report.changedEntityRefs.length === 0 && report.transitions.length === 0
  );
}
