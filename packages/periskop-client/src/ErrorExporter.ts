import type { ErrorCollector } from './ErrorCollector';
import type { ErrorInstance, HttpContext } from './types';
import type { WireErrorInstance, WireHttpContext, WirePayload } from './wire';

function toWireError(error: ErrorInstance): WireErrorInstance {
  return {
    class: error.class,
    message: error.message,
    stacktrace: error.stacktrace,
    cause: error.cause ? toWireError(error.cause) : null,
  };
}

function toWireHttpContext(context: HttpContext): WireHttpContext {
  return {
    request_method: context.requestMethod,
    request_url: context.requestUrl,
    request_headers: context.requestHeaders ?? null,
    request_body: context.requestBody ?? null,
  };
}

/**
 * Turns what an {@link ErrorCollector} holds into the Periskop exchange
 * format, the JSON that Periskop servers (and Periskop for Backstage) scrape.
 *
 * @remarks
 * The output has the same keys in the same order as periskop-go:
 * `aggregated_errors` (each `aggregation_key`, `total_count`, `severity`,
 * `latest_errors`, `created_at`), then `target_uuid`. Missing values are
 * `null`, never left out: `http_context`, `request_headers`, `request_body`
 * and `cause`.
 *
 * @public
 */
export class ErrorExporter {
  readonly #collector: ErrorCollector;

  constructor(collector: ErrorCollector) {
    this.#collector = collector;
  }

  /** The current state of the collector as a wire payload object. */
  exportPayload(): WirePayload {
    return {
      aggregated_errors: this.#collector
        .getAggregatedErrors()
        .map(aggregate => ({
          aggregation_key: aggregate.aggregationKey,
          total_count: aggregate.totalCount,
          severity: aggregate.severity,
          latest_errors: aggregate.latestErrors.map(sample => ({
            error: toWireError(sample.error),
            uuid: sample.uuid,
            timestamp: sample.timestamp,
            severity: sample.severity,
            http_context: sample.httpContext
              ? toWireHttpContext(sample.httpContext)
              : null,
          })),
          created_at: aggregate.createdAt,
        })),
      target_uuid: this.#collector.targetUuid,
    };
  }

  /** The current state of the collector as the JSON body to serve or push. */
  export(): string {
    return JSON.stringify(this.exportPayload());
  }
}
