/**
 * The in-memory model of the collector, in camelCase. The JSON served to
 * Periskop is produced from it by the {@link ErrorExporter}; see `wire.ts` for
 * the snake_case wire types.
 */

/**
 * Severity of a reported error, as defined by the Periskop clients.
 * @public
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * The HTTP request during which an error happened.
 *
 * @remarks
 * Header values are stored as given. Periskop for Backstage redacts sensitive
 * headers (Authorization, Cookie, …) at ingest, but other Periskop servers may
 * not: leave out what you do not want to expose on the exceptions endpoint.
 * @public
 */
export interface HttpContext {
  /** The HTTP method, e.g. `GET`. */
  requestMethod: string;
  /** The request URL (absolute or just path and query). */
  requestUrl: string;
  /** Request headers; exported as `null` when left out. */
  requestHeaders?: Record<string, string>;
  /** The request body; exported as `null` when left out. */
  requestBody?: string | null;
}

/**
 * An error as the collector records it; `cause` nests recursively.
 * @public
 */
export interface ErrorInstance {
  /** The class of the error, e.g. `TypeError` or `ValidationError`. */
  class: string;
  /** The error message. */
  message: string;
  /** The stack frames, trimmed, without the `Name: message` header; `[]` when unknown. */
  stacktrace: string[];
  /** The error's `cause`, if it has one. */
  cause: ErrorInstance | null;
}

/**
 * One sampled occurrence of an error.
 * @public
 */
export interface ErrorOccurrence {
  /** The error. */
  error: ErrorInstance;
  /** A random UUID (v4) identifying this occurrence. */
  uuid: string;
  /** When it was reported, RFC 3339 in UTC with milliseconds (`toISOString()`). */
  timestamp: string;
  /** The severity it was reported with. */
  severity: Severity;
  /** The HTTP request during which it happened, if any. */
  httpContext: HttpContext | null;
}

/**
 * All occurrences of one aggregation key since the collector was created.
 * @public
 */
export interface AggregatedError {
  /** `Class@hash` of the first stack frames, or the custom key it was reported with. */
  aggregationKey: string;
  /** How many times the key was reported; counts every report. */
  totalCount: number;
  /** The severity of the most recent report. */
  severity: Severity;
  /** The most recent occurrences, oldest first, at most `maxSamplesPerKey`. */
  latestErrors: ErrorOccurrence[];
  /** When the key was first reported, RFC 3339 in UTC with milliseconds. */
  createdAt: string;
}
