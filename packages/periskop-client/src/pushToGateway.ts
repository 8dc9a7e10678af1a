import type { ErrorExporter } from './ErrorExporter';

/**
 * Options of {@link pushToGateway}.
 * @public
 */
export interface PushToGatewayOptions {
  /** The fetch implementation. Default: the global `fetch` (Node.js 18 and later). */
  fetch?: typeof fetch;
  /** Aborts the push, e.g. `AbortSignal.timeout(5000)`. */
  signal?: AbortSignal;
  /**
   * Extra request headers, e.g. `{ Authorization: 'Bearer <token>' }` for
   * Periskop for Backstage's token route
   * (`<backend>/api/periskop/entities/<namespace>/<kind>/<name>/push`).
   * A push-key URL needs none.
   */
  headers?: Record<string, string>;
}

/**
 * Thrown by {@link pushToGateway} when the gateway answers with a status
 * other than 2xx.
 * @public
 */
export class PushGatewayError extends Error {
  /** The HTTP status the gateway answered with. */
  readonly status: number;
  /** The URL that was posted to. */
  readonly url: string;

  constructor(url: string, status: number, statusText: string, body: string) {
    super(
      `Periskop push gateway ${url} answered HTTP ${status}${
        statusText ? ` ${statusText}` : ''
      }${body ? `: ${body}` : ''}`,
    );
    this.name = 'PushGatewayError';
    this.status = status;
    this.url = url;
  }
}

/** Longest part of an error answer quoted in the error message. */
const MAX_QUOTED_BODY = 200;

/**
 * The push endpoint of a gateway: `<gateway>/errors`, unless the URL already
 * ends with `/errors`.
 *
 * @internal
 */
export function gatewayErrorsUrl(gatewayUrl: string): string {
  let url: URL;
  try {
    url = new URL(gatewayUrl);
  } catch {
    throw new TypeError(
      `Invalid Periskop push gateway URL ${JSON.stringify(gatewayUrl)}`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/errors') ? path : `${path}/errors`;
  return url.toString();
}

/**
 * Pushes the exported errors to a Periskop push gateway, for batch jobs and
 * other processes that cannot be scraped.
 *
 * @remarks
 * POSTs {@link ErrorExporter.export} as `application/json` to
 * `<gatewayUrl>/errors` (the gateway's push endpoint; a URL that already ends
 * with `/errors` is used as is). Resolves when the gateway answered 2xx;
 * rejects with a {@link PushGatewayError} carrying the status otherwise, and
 * with the fetch error when the gateway cannot be reached.
 *
 * The periskop-pushgateway counts every sample it receives (not
 * `total_count`), so pushing the same collector state twice counts its
 * samples twice there: push once, at the end of a job. Periskop for
 * Backstage counts a push like a scrape of the collector (by `total_count`
 * and `target_uuid`), so pushing again, e.g. periodically, counts nothing
 * twice.
 *
 * @public
 */
export async function pushToGateway(
  exporter: ErrorExporter,
  gatewayUrl: string,
  options: PushToGatewayOptions = {},
): Promise<void> {
  const url = gatewayErrorsUrl(gatewayUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new Error(
      'No global fetch available (Node.js 18 or later needed); pass options.fetch',
    );
  }
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { ...options.headers, 'Content-Type': 'application/json' },
    body: exporter.export(),
    signal: options.signal,
  });
  let text = '';
  try {
    // Always read the body, so that the connection can be reused.
    text = await response.text();
  } catch {
    text = '';
  }
  if (!response.ok) {
    const quoted = text.trim().slice(0, MAX_QUOTED_BODY);
    throw new PushGatewayError(
      url,
      response.status,
      response.statusText,
      quoted,
    );
  }
}
