import type { HttpContext } from './types';

/**
 * The part of a Node.js `IncomingMessage` (or Express `Request`) that
 * {@link httpContextFromRequest} reads.
 * @public
 */
export interface RequestLike {
  /** The HTTP method, e.g. `GET`; recorded as empty when missing. */
  method?: string;
  /** Path and query of the request, as Node.js gives it. */
  url?: string;
  /** Set by Express when a router is mounted on a path. */
  originalUrl?: string;
  /**
   * Request headers by lower-case name, as Node.js gives them; `host` and
   * `x-forwarded-proto` also build the URL.
   */
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Options of {@link httpContextFromRequest}.
 * @public
 */
export interface HttpContextFromRequestOptions {
  /**
   * Header names (any case) to leave out, e.g. `['authorization', 'cookie']`.
   * Default: none, like the other Periskop clients.
   */
  omitHeaders?: string[];
  /** The request body, if the service read it and wants it recorded. */
  body?: string | null;
}

/**
 * Builds the {@link HttpContext} of a report from a Node.js or Express
 * request, like periskop-go's `ReportWithHTTPRequest`.
 *
 * @remarks
 * The URL is absolute when a `Host` header is present (`http://host/path`;
 * `https` when `X-Forwarded-Proto` says so), otherwise path and query only.
 * Repeated headers are joined with `, `.
 *
 * @public
 */
export function httpContextFromRequest(
  req: RequestLike,
  options: HttpContextFromRequestOptions = {},
): HttpContext {
  const omit = new Set((options.omitHeaders ?? []).map(h => h.toLowerCase()));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || omit.has(name.toLowerCase())) {
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path = req.originalUrl ?? req.url ?? '';
  const host = req.headers.host;
  const forwardedProto = req.headers['x-forwarded-proto'];
  const proto =
    (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)
      ?.split(',')[0]
      ?.trim() === 'https'
      ? 'https'
      : 'http';
  const context: HttpContext = {
    requestMethod: req.method ?? '',
    requestUrl:
      typeof host === 'string' && host !== '' && path.startsWith('/')
        ? `${proto}://${host}${path}`
        : path,
    requestHeaders: headers,
  };
  if (options.body !== undefined) {
    context.requestBody = options.body;
  }
  return context;
}
