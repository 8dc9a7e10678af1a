import { ParsedErrorInstance } from '@periskop-backstage/plugin-periskop-common';
import { NewestSample, ServiceErrorGroup, StoredTarget } from '../../database';

/*
 * The answers of the Periskop server's API (periskop-dev/periskop,
 * `api/`), field for field as its web UI and the community Backstage
 * plugin read them: snake_case, times in whole Unix seconds.
 */

/**
 * Samples per aggregate in `latest_errors`, newest first. Periskop's server
 * keeps 10; we keep more (`periskop.storage.samplesPerError`, default 100)
 * and show up to this many, which bounds the answer for any setting.
 */
export const MAX_COMPAT_SAMPLES = 100;

/** An error and its causes, as Periskop's `ErrorInstance`. */
export interface PeriskopErrorInstance {
  class: string;
  message: string;
  stacktrace: string[];
  cause: PeriskopErrorInstance | null;
}

/** The HTTP request of a sample, as Periskop's `HTTPContext`. */
export interface PeriskopHttpContext {
  request_method: string;
  request_url: string;
  request_headers: Record<string, string>;
  /** Null when the client sent none, as periskop-go's own payloads have it. */
  request_body: string | null;
}

/** One occurrence, as Periskop's `ErrorWithContext`. */
export interface PeriskopErrorWithContext {
  error: PeriskopErrorInstance;
  uuid: string;
  /** Unix seconds. */
  timestamp: number;
  severity: string;
  http_context: PeriskopHttpContext | null;
}

/** One error group, as Periskop's `AggregatedError`. */
export interface PeriskopAggregatedError {
  aggregation_key: string;
  total_count: number;
  severity: string;
  /** Newest first. */
  latest_errors: PeriskopErrorWithContext[];
  /** Unix seconds: when the group was first seen. */
  created_at: number;
}

/** `GET /targets/`: the scraped endpoints per service name. */
export type PeriskopTargets = Record<string, Array<{ endpoint: string }>>;

/** Whole Unix seconds, as Periskop's Go server (`time.Unix()`) answers them. */
export function toUnixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** An error and its cause chain, with nothing but Periskop's fields. */
export function toPeriskopError(
  error: ParsedErrorInstance,
): PeriskopErrorInstance {
  return {
    class: error.class,
    message: error.message,
    stacktrace: error.stacktrace,
    cause: error.cause ? toPeriskopError(error.cause) : null,
  };
}

/** A stored (so already redacted) sample in Periskop's shape. */
export function toPeriskopSample(
  sample: NewestSample,
): PeriskopErrorWithContext {
  const http = sample.httpContext;
  return {
    error: toPeriskopError(sample.error),
    uuid: sample.uuid,
    timestamp: toUnixSeconds(sample.timestampMs),
    severity: sample.severity,
    http_context: http
      ? {
          request_method: http.requestMethod,
          request_url: http.requestUrl,
          request_headers: http.requestHeaders,
          request_body: http.requestBody,
        }
      : null,
  };
}

/**
 * The stand-in sample of a group that has none left (retention removed
 * them, or the client sent none): made of the group's own class, message,
 * severity and last seen, with a uuid derived from the group id. Periskop
 * always has at least one, and both its UI and the community plugin read
 * `latest_errors[0]` without checking.
 */
function placeholderSample(group: ServiceErrorGroup): PeriskopErrorWithContext {
  return {
    error: {
      class: group.errorClass,
      message: group.message,
      stacktrace: [],
      cause: null,
    },
    uuid: `00000000-0000-0000-0000-${group.id.toString(16).padStart(12, '0')}`,
    timestamp: toUnixSeconds(group.lastSeen),
    severity: group.severity,
    http_context: null,
  };
}

/** A group with its newest samples as Periskop's aggregate. */
export function toPeriskopAggregate(
  group: ServiceErrorGroup,
): PeriskopAggregatedError {
  return {
    aggregation_key: group.aggregationKey,
    total_count: group.totalCount,
    severity: group.severity,
    latest_errors:
      group.samples.length > 0
        ? group.samples.map(toPeriskopSample)
        : [placeholderSample(group)],
    created_at: toUnixSeconds(group.firstSeen),
  };
}

/**
 * `GET /targets/`: every service of `services` (name → its one entity),
 * with the URLs of its scraped targets (none for a service that only
 * pushes); pushed instances have no endpoint to list.
 */
export function toPeriskopTargets(
  services: ReadonlyMap<string, string>,
  targets: readonly StoredTarget[],
): PeriskopTargets {
  const byEntity = new Map<string, Array<{ endpoint: string }>>();
  for (const target of targets) {
    if (target.origin !== 'scrape') {
      continue;
    }
    const list = byEntity.get(target.entityRef) ?? [];
    list.push({ endpoint: target.url });
    byEntity.set(target.entityRef, list);
  }
  const body: PeriskopTargets = {};
  for (const [name, entityRef] of services) {
    body[name] = byEntity.get(entityRef) ?? [];
  }
  return body;
}
