import type { ErrorExporter } from './ErrorExporter';
import { PeriskopResponseLike, servePeriskopPayload } from './requestHandler';

/**
 * The part of an Express request that the handler uses.
 * @public
 */
export interface PeriskopRequestLike {
  /** The HTTP method; only `GET` and `HEAD` are answered with the payload. */
  method?: string;
}

/**
 * An Express-compatible route handler / middleware, typed structurally so
 * that the client needs no dependency on Express.
 * @public
 */
export type PeriskopExpressHandler = (
  req: PeriskopRequestLike,
  res: PeriskopResponseLike,
  next: (error?: unknown) => void,
) => void;

/**
 * Creates an Express route handler that serves the exported errors.
 *
 * @remarks
 * GET and HEAD are answered with 200 and the payload as `application/json`;
 * other methods (when mounted with `app.use` or `app.all`) with 405 and
 * `Allow: GET, HEAD`. A failure while exporting is passed to `next`.
 *
 * @example
 * ```ts
 * app.get('/-/exceptions', createPeriskopExpressHandler(exporter));
 * ```
 * @public
 */
export function createPeriskopExpressHandler(
  exporter: ErrorExporter,
): PeriskopExpressHandler {
  return (req, res, next) => {
    try {
      servePeriskopPayload(exporter, req.method, res);
    } catch (error) {
      next(error);
    }
  };
}
