import {
  ParsedErrorInstance,
  ParsedHttpContext,
  ParsedPayload,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import {
  aggregatePayload,
  countedAggregates,
  DEFAULT_REDACTION_SETTINGS,
  Redaction,
} from '../aggregation';
import { IngestStore } from '../database';

/** One error group of a hand-made payload. */
export interface SeedGroup {
  key: string;
  count: number;
  severity?: PeriskopSeverity;
  error: ParsedErrorInstance;
  httpContext?: ParsedHttpContext | null;
  /** Timestamp of its newest sample; also its last seen. */
  at: number;
}

/** A payload as a client would serve it: one sample per group, at `at`. */
export function seedPayload(
  targetUuid: string,
  groups: SeedGroup[],
): ParsedPayload {
  return {
    targetUuid,
    aggregates: groups.map(group => ({
      aggregationKey: group.key,
      totalCount: group.count,
      severity: group.severity ?? 'error',
      createdAt: new Date(group.at).toISOString(),
      samples: [
        {
          uuid: `${group.key}-${group.count}`,
          timestamp: new Date(group.at).toISOString(),
          timestampMs: group.at,
          severity: group.severity ?? 'error',
          error: group.error,
          httpContext: group.httpContext ?? null,
        },
      ],
    })),
  };
}

/** Applies a payload to the store exactly as a scrape would. */
export async function applySeed(
  store: Pick<IngestStore, 'applyInstanceScrape'>,
  options: { entityRef: string; payload: ParsedPayload; now: number },
) {
  return store.applyInstanceScrape({
    entityRef: options.entityRef,
    instanceKey: options.payload.targetUuid ?? 'http://seed',
    url: 'http://seed/-/exceptions',
    now: options.now,
    compute: state =>
      aggregatePayload({
        aggregates: countedAggregates(options.payload),
        state,
        now: options.now,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
      }),
  });
}

/** A simple error for seeds. */
export function errorOf(
  errorClass: string,
  message: string,
  stacktrace: string[] = [],
  cause: ParsedErrorInstance | null = null,
): ParsedErrorInstance {
  return { class: errorClass, message, stacktrace, cause };
}
