import { InputError } from '@backstage/errors';

/*
 * The paths of the Periskop-compatible API (`service/compat/`) are parsed
 * here from the raw request path rather than from Express's params: the
 * Periskop web UI puts error keys into its DELETE path without encoding
 * them, so a key such as `100% of requests` arrives with a bare `%`, which
 * Express's decoding rejects before any handler runs, and a key may
 * contain `/`, which no single `:param` matches.
 */

/** Longest service name accepted, after decoding; longer is a 400. */
export const MAX_COMPAT_SERVICE_NAME_LENGTH = 1024;

/** Longest error key accepted, after decoding; longer is a 400. */
export const MAX_COMPAT_ERROR_KEY_LENGTH = 8192;

/** `/services/{service}/errors/` with its trailing slash optional. */
const SERVICE_ERRORS_PATH = /^\/services\/([^/]+)\/errors\/?$/;

/** `/services/{service}/errors/{key}/`; the key may contain `/`. */
const RESOLVE_PATH = /^\/services\/([^/]+)\/errors\/(.*)$/;

/**
 * Percent-decodes a path segment as a browser encoded it. A `%` that starts
 * no valid escape is kept as it is, as are escapes that are not UTF-8: an
 * unencoded key that contains `%` still arrives whole.
 */
export function decodePathText(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/(?:%[0-9a-fA-F]{2})+/g, run => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function parseServiceName(raw: string): string {
  const service = decodePathText(raw);
  if (service.trim() === '') {
    throw new InputError('Invalid path parameter "service": must not be empty');
  }
  if (service.length > MAX_COMPAT_SERVICE_NAME_LENGTH) {
    throw new InputError(
      `Invalid path parameter "service": must be at most ${MAX_COMPAT_SERVICE_NAME_LENGTH} characters`,
    );
  }
  return service;
}

/**
 * The service of a `GET /services/{service}/errors/` path (raw, as
 * `req.path` has it, relative to the compat router). Throws an
 * `InputError` for a bad name.
 */
export function parseServiceErrorsPath(path: string): { service: string } {
  const match = SERVICE_ERRORS_PATH.exec(path);
  if (!match) {
    throw new InputError(
      `Invalid path ${JSON.stringify(
        path,
      )}: expected /services/{service}/errors/`,
    );
  }
  return { service: parseServiceName(match[1]) };
}

/**
 * The service and the error key of a
 * `DELETE /services/{service}/errors/{key}/` path (raw, relative to the
 * compat router). The key is everything between `errors/` and the final
 * `/`, as in Periskop's route `{error_key:.*}/`.
 *
 * @returns `keys`: the key decoded, then, when different, the key exactly
 * as it arrived. Callers prefer the first that exists: the Periskop UI
 * sends keys unencoded (the browser encodes only spaces and a few other
 * characters), scripts send them encoded with `encodeURIComponent`, and a
 * key that itself contains an escape such as `%41` is found by its raw
 * form.
 */
export function parseResolvePath(path: string): {
  service: string;
  keys: string[];
} {
  const match = RESOLVE_PATH.exec(path);
  if (!match) {
    throw new InputError(
      `Invalid path ${JSON.stringify(
        path,
      )}: expected /services/{service}/errors/{key}/`,
    );
  }
  const service = parseServiceName(match[1]);
  const rest = match[2];
  if (!rest.endsWith('/')) {
    // most often a key with an unencoded `#` or `?`, which the browser cut off
    throw new InputError(
      'Invalid path parameter "key": the key must be followed by "/" as in Periskop\'s DELETE /services/{service}/errors/{key}/; encode "#" as %23 and "?" as %3F',
    );
  }
  const raw = rest.slice(0, -1);
  if (raw === '') {
    throw new InputError('Invalid path parameter "key": must not be empty');
  }
  const decoded = decodePathText(raw);
  if (decoded.length > MAX_COMPAT_ERROR_KEY_LENGTH) {
    throw new InputError(
      `Invalid path parameter "key": must be at most ${MAX_COMPAT_ERROR_KEY_LENGTH} characters`,
    );
  }
  return { service, keys: decoded === raw ? [raw] : [decoded, raw] };
}
