/**
 * Types of the Periskop exchange format: what every Periskop client library
 * (Go, Python, Ruby, Scala, Node) serves on its exceptions endpoint, and what
 * the push gateway serves after clients pushed to it.
 *
 * The `Wire*` types mirror the JSON exactly (snake_case). The `Parsed*` types
 * are what {@link parsePeriskopPayload} returns after lenient, per-item
 * validation: camelCase, normalised timestamps, no missing fields.
 */

/** Severities defined by the Periskop clients. @public */
export type PeriskopSeverity = 'error' | 'warning' | 'info';

/** All severities, most severe first. @public */
export const PERISKOP_SEVERITIES: readonly PeriskopSeverity[] = [
  'error',
  'warning',
  'info',
];

/** An error as serialised by a client; `cause` nests recursively. @public */
export interface WireErrorInstance {
  class: string;
  message: string;
  stacktrace: string[];
  cause: WireErrorInstance | null;
}

/** The HTTP request during which an error happened. @public */
export interface WireHttpContext {
  request_method: string;
  request_url: string;
  request_headers: Record<string, string> | null;
  request_body: string | null;
}

/** One sampled occurrence of an error. @public */
export interface WireErrorWithContext {
  error: WireErrorInstance;
  uuid: string;
  /** RFC 3339, precision varies by client (seconds to nanoseconds). */
  timestamp: string;
  severity: string;
  http_context: WireHttpContext | null;
}

/** All occurrences of one aggregation key in one process. @public */
export interface WireAggregatedError {
  aggregation_key: string;
  total_count: number;
  severity: string;
  latest_errors: WireErrorWithContext[];
  created_at?: string;
}

/** The whole body of a Periskop exceptions endpoint. @public */
export interface WirePayload {
  aggregated_errors: WireAggregatedError[];
  /** Identifies the process; changes when it restarts. Older clients omit it. */
  target_uuid?: string;
}

/** A validated error, with its cause chain. @public */
export interface ParsedErrorInstance {
  class: string;
  message: string;
  stacktrace: string[];
  cause: ParsedErrorInstance | null;
}

/** A validated HTTP context; `null` in a sample when the client sent none or only empty fields. @public */
export interface ParsedHttpContext {
  requestMethod: string;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
}

/** A validated sample. @public */
export interface ParsedSample {
  uuid: string;
  /** ISO-8601 in UTC with millisecond precision. */
  timestamp: string;
  /** Milliseconds since the epoch, for ordering. */
  timestampMs: number;
  severity: PeriskopSeverity;
  error: ParsedErrorInstance;
  httpContext: ParsedHttpContext | null;
}

/** A validated aggregate. @public */
export interface ParsedAggregate {
  aggregationKey: string;
  totalCount: number;
  severity: PeriskopSeverity;
  /** ISO-8601, when the client first saw the key, if it said so. */
  createdAt: string | null;
  samples: ParsedSample[];
}

/** A validated payload. @public */
export interface ParsedPayload {
  targetUuid: string | null;
  aggregates: ParsedAggregate[];
}

/** Something in a payload that was skipped or repaired, and why. @public */
export interface PayloadWarning {
  /** Where in the payload, e.g. `aggregated_errors[3].latest_errors[0].timestamp`. */
  path: string;
  /** A human sentence. */
  reason: string;
}

/** Limits applied while parsing. @public */
export interface ParseOptions {
  /** More aggregation keys than this fails the whole payload. Default: no limit. */
  maxKeys?: number;
}

/**
 * The outcome of parsing. A payload either parses (possibly with warnings for
 * skipped items) or fails as a whole with a human-readable reason.
 * @public
 */
export type ParseResult =
  | { ok: true; payload: ParsedPayload; warnings: PayloadWarning[] }
  | { ok: false; reason: string };
