import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorExporter } from './ErrorExporter';

/**
 * The part of a Node.js / Express response that the handlers use.
 * @public
 */
export interface PeriskopResponseLike {
  /** The status code to answer with; set by the handler. */
  statusCode: number;
  /** Sets a response header, like Node.js's `ServerResponse.setHeader`. */
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  /** Sends the body (none for `HEAD`) and finishes the response. */
  end(body?: string): unknown;
}

/**
 * Answers one request for the exceptions endpoint: GET and HEAD get the
 * payload, every other method 405. Shared by the Node and Express handlers.
 *
 * @internal
 */
export function servePeriskopPayload(
  exporter: ErrorExporter,
  method: string | undefined,
  res: PeriskopResponseLike,
): void {
  if (method !== 'GET' && method !== 'HEAD') {
    const body = JSON.stringify({
      error: `Method ${method ?? ''} not allowed; use GET`,
    });
    res.statusCode = 405;
    res.setHeader('Allow', 'GET, HEAD');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  const body = exporter.export();
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  if (method === 'HEAD') {
    res.end();
  } else {
    res.end(body);
  }
}

/**
 * Creates a request listener for `http.createServer` that serves the
 * exported errors.
 *
 * @remarks
 * GET and HEAD are answered with 200 and the payload as `application/json`;
 * other methods with 405 and `Allow: GET, HEAD`. The handler answers whatever
 * path it is given: route the exceptions path (by convention `/-/exceptions`)
 * to it.
 *
 * @example
 * ```ts
 * const handler = createPeriskopRequestHandler(new ErrorExporter(collector));
 * http.createServer((req, res) => {
 *   if (req.url === '/-/exceptions') return handler(req, res);
 *   // ... the service's own routes
 * });
 * ```
 * @public
 */
export function createPeriskopRequestHandler(
  exporter: ErrorExporter,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      servePeriskopPayload(exporter, req.method, res);
    } catch (error) {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      }
      res.end(`Failed to export errors: ${String(error)}`);
    }
  };
}
