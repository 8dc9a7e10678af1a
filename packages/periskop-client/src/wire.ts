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
  class: string;
  message: string;
  stacktrace: string[];
  cause: WireErrorInstance | null;
}

/**
 * The HTTP request during which an error happened, on the wire.
 * @public
 */
export interface WireHttpContext {
  request_method: string;
  request_url: string;
  request_headers: Record<string, string> | null;
  request_body: string | null;
}

/**
 * One sampled occurrence of an error, on the wire.
 * @public
 */
export interface WireErrorWithContext {
  error: WireErrorInstance;
  uuid: string;
  /** RFC 3339; this client writes milliseconds (`2024-01-02T03:04:05.678Z`). */
  timestamp: string;
  severity: string;
  http_context: WireHttpContext | null;
}

/**
 * All occurrences of one aggregation key in one process, on the wire.
 * @public
 */
export interface WireAggregatedError {
  aggregation_key: string;
  total_count: number;
  severity: string;
  latest_errors: WireErrorWithContext[];
  created_at?: string;
}

/**
 * The whole body of a Periskop exceptions endpoint.
 * @public
 */
export interface WirePayload {
  aggregated_errors: WireAggregatedError[];
  /** Identifies the process; changes when it restarts. This client always sends it. */
  target_uuid?: string;
}
