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
  /** The error class, e.g. `TypeError` or `java.lang.NullPointerException`. */
  class: string;
  /** The error message. */
  message: string;
  /** Stack frames, one per entry, formatted by the client. */
  stacktrace: string[];
  /** The error that caused this one; `null` at the end of the chain. */
  cause: WireErrorInstance | null;
}

/** The HTTP request during which an error happened. @public */
export interface WireHttpContext {
  /** The HTTP method, e.g. `GET`. */
  request_method: string;
  /** The request URL, absolute or only path and query. */
  request_url: string;
  /** Header name to value; `null` when the client recorded none. */
  request_headers: Record<string, string> | null;
  /** The request body; `null` when the client recorded none. */
  request_body: string | null;
}

/** One sampled occurrence of an error. @public */
export interface WireErrorWithContext {
  /** The error, with its cause chain. */
  error: WireErrorInstance;
  /** Identifies this occurrence; Periskop de-duplicates samples by it. */
  uuid: string;
  /** RFC 3339, precision varies by client (seconds to nanoseconds). */
  timestamp: string;
  /** Severity of this occurrence, normally `error`, `warning` or `info`. */
  severity: string;
  /** The request it happened in; `null` when there was none. */
  http_context: WireHttpContext | null;
}

/** All occurrences of one aggregation key in one process. @public */
export interface WireAggregatedError {
  /** What occurrences are grouped by; by default class and stack hash. */
  aggregation_key: string;
  /** Occurrences since the process started; never decreases until a restart. */
  total_count: number;
  /** Severity of the key, normally `error`, `warning` or `info`. */
  severity: string;
  /** The most recent occurrences: a sample, bounded in size by the client. */
  latest_errors: WireErrorWithContext[];
  /** RFC 3339, when the process first saw the key. Older clients omit it. */
  created_at?: string;
}

/** The whole body of a Periskop exceptions endpoint. @public */
export interface WirePayload {
  /** One entry per aggregation key. */
  aggregated_errors: WireAggregatedError[];
  /** Identifies the process; changes when it restarts. Older clients omit it. */
  target_uuid?: string;
}

/** A validated error, with its cause chain. @public */
export interface ParsedErrorInstance {
  /** The error class. */
  class: string;
  /** The error message; empty when the client sent none. */
  message: string;
  /**
   * Stack frames (frames that were not strings turned into text); empty when
   * the client sent none.
   */
  stacktrace: string[];
  /**
   * The cause; `null` at the end of the chain, and where a cause was
   * unusable or deeper than {@link MAX_CAUSE_DEPTH}.
   */
  cause: ParsedErrorInstance | null;
}

/** A validated HTTP context; `null` in a sample when the client sent none or only empty fields. @public */
export interface ParsedHttpContext {
  /** The HTTP method; empty when the client sent none. */
  requestMethod: string;
  /** The request URL as the client sent it; empty when it sent none. */
  requestUrl: string;
  /**
   * Header name to value (repeated headers joined with `, `); `{}` when the
   * client sent none.
   */
  requestHeaders: Record<string, string>;
  /** The request body; `null` when the client sent none. */
  requestBody: string | null;
}

/** A validated sample. @public */
export interface ParsedSample {
  /** The client's id of the occurrence; unique within its aggregate. */
  uuid: string;
  /** ISO-8601 in UTC with millisecond precision. */
  timestamp: string;
  /** Milliseconds since the epoch, for ordering. */
  timestampMs: number;
  /** The sample's severity; the aggregate's when missing or unknown. */
  severity: PeriskopSeverity;
  /** The error, with its cause chain. */
  error: ParsedErrorInstance;
  /** The request it happened in; `null` when the client sent none. */
  httpContext: ParsedHttpContext | null;
}

/** A validated aggregate. @public */
export interface ParsedAggregate {
  /** The client's aggregation key, verbatim. */
  aggregationKey: string;
  /** The client's `total_count`: occurrences since the process started. */
  totalCount: number;
  /** The aggregate's severity; `error` when missing or unknown. */
  severity: PeriskopSeverity;
  /** ISO-8601, when the client first saw the key, if it said so. */
  createdAt: string | null;
  /**
   * The usable samples of `latest_errors`, in payload order; the first of
   * repeated uuids.
   */
  samples: ParsedSample[];
}

/** A validated payload. @public */
export interface ParsedPayload {
  /** The process's `target_uuid`; `null` when the client sent none. */
  targetUuid: string | null;
  /** The usable aggregates, in payload order; the first of repeated keys. */
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

/**
 * An aggregate whose counting fields are validated and whose samples are
 * parsed only on demand (see `readPeriskopPayload`).
 * @public
 */
export interface PayloadAggregate extends Omit<ParsedAggregate, 'samples'> {
  /**
   * Decodes and validates the aggregate's `latest_errors`, with the warnings
   * that produced. Parsed once; later calls return the same result.
   */
  readSamples(): { samples: ParsedSample[]; warnings: PayloadWarning[] };
}

/**
 * The outcome of `readPeriskopPayload`: the payload's counting fields (with
 * the warnings about them), or the reason it was rejected.
 * @public
 */
export type ReadPayloadResult =
  | {
      ok: true;
      targetUuid: string | null;
      aggregates: PayloadAggregate[];
      warnings: PayloadWarning[];
    }
  | { ok: false; reason: string };
