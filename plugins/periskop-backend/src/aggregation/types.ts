import {
  ParsedSample,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import type { SampleContent } from './sampleContent';

/**
 * One aggregate of a payload as the aggregation reads it: its counting
 * fields, and its samples parsed only when asked for (see the common
 * package's `readPeriskopPayload`), which happens only when its count moved.
 */
export interface CountedAggregate {
  aggregationKey: string;
  totalCount: number;
  severity: PeriskopSeverity;
  createdAt: string | null;
  readSamples(): { samples: readonly ParsedSample[] };
}

/**
 * What the database remembers about one instance (one process of one
 * entity), read in the same transaction that applies the next scrape.
 */
export interface InstanceState {
  /** Digest of the counters of the last applied payload; `null` for a new instance. */
  countersDigest: string | null;
  /** The last `total_count` seen per group, by aggregation key hash. */
  lastCounts: ReadonlyMap<string, number>;
}

/**
 * A sample ready to be stored: validated, redacted, its error
 * and HTTP context in canonical form with their digest (stored once per
 * distinct content).
 */
export interface SampleRecord {
  uuid: string;
  timestampMs: number;
  severity: PeriskopSeverity;
  content: SampleContent;
}

/** How one error group changes because of one instance's payload. */
export interface GroupUpdate {
  /** `hashAggregationKey` of the client's raw key: the group's identity and lookup column. */
  keyHash: string;
  /** The key as stored and shown: redacted (clients put messages into keys). */
  aggregationKey: string;
  /** Occurrences to add to the lifetime total (>= 0). */
  delta: number;
  /** The instance's counter now; becomes its last count. */
  currentCount: number;
  /** From the newest sample (or the aggregate when it has none). */
  severity: PeriskopSeverity;
  errorClass: string;
  message: string;
  /** Lower-cased text searched by the API: class, message, stack, causes, request URL of the newest sample. */
  searchText: string;
  /** Timestamp of the newest sample, if any. */
  latestSampleAt: number | null;
  /** For a group seen for the first time: the earliest plausible first occurrence. */
  firstSeen: number;
  /** When the latest occurrence happened (meaningful when delta > 0). */
  lastSeen: number;
  /** Samples to insert (duplicates by uuid are ignored by the store); empty when delta is 0. */
  samples: SampleRecord[];
}

/** Everything one scrape of one instance changes. */
export interface InstanceUpdate {
  countersDigest: string;
  /** Only groups whose counter changed. */
  groups: GroupUpdate[];
  /** Sum of the deltas. */
  newOccurrences: number;
}
