/**
 * The Periskop exchange format, exactly as the JSON looks (snake_case, keys in
 * the order the Go client writes them). Structurally identical to the `Wire*`
 * types of `@periskop-backstage/plugin-periskop-common`, redeclared here so
 * that the client has no runtime dependency.
 */

/**
 * An error on the wire; `cause` nests recursively.
 * @public
 */
export interface WireErrorInstance {
  /** The error class, e.g. `TypeError`. */
  class: string;
  /** The error message. */
  message: string;
  /** Stack frames, one per entry, without the `Name: message` header line. */
  stacktrace: string[];
  /** The error's `cause`; `null` when it has none. */
  cause: WireErrorInstance | null;
}

/**
 * The HTTP request during which an error happened, on the wire.
 * @public
 */
export interface WireHttpContext {
  /** The HTTP method, e.g. `GET`. */
  request_method: string;
  /** The request URL, absolute or only path and query. */
  request_url: string;
  /** Header name to value; `null` when the report had none. */
  request_headers: Record<string, string> | null;
  /** The request body; `null` when the report had none. */
  request_body: string | null;
}

/**
 * One sampled occurrence of an error, on the wire.
 * @public
 */
export interface WireErrorWithContext {
  /** The error, with its cause chain. */
  error: WireErrorInstance;
  /** A random UUID (v4) identifying this occurrence. */
  uuid: string;
  /** RFC 3339; this client writes milliseconds (`2024-01-02T03:04:05.678Z`). */
  timestamp: string;
  /** `error`, `warning` or `info`: the severity it was reported with. */
  severity: string;
  /** The request during which it happened; `null` when the report had none. */
  http_context: WireHttpContext | null;
}

/**
 * All occurrences of one aggregation key in one process, on the wire.
 * @public
 */
export interface WireAggregatedError {
  /**
   * `Class@hash` of the first stack frames, or the custom key it was reported
   * with.
   */
  aggregation_key: string;
  /** Reports of this key since the collector was created. */
  total_count: number;
  /** `error`, `warning` or `info`: the severity of the most recent report. */
  severity: string;
  /** The most recent occurrences, oldest first, at most `maxSamplesPerKey`. */
  latest_errors: WireErrorWithContext[];
  /** RFC 3339, when the key was first reported. This client always sends it. */
  created_at?: string;
}

/**
 * The whole body of a Periskop exceptions endpoint.
 * @public
 */
export interface WirePayload {
  /** One entry per aggregation key, in the order keys were first reported. */
  aggregated_errors: WireAggregatedError[];
  /** Identifies the process; changes when it restarts. This client always sends it. */
  target_uuid?: string;
}
