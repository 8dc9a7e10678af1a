import { describeType, isObject } from './describeValue';
import { toText } from './toText';
import type { ParsedHttpContext } from './types';
import type { WarningCollector } from './WarningCollector';

function parseHeaders(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): Record<string, string> {
  if (raw === undefined || raw === null) {
    return {};
  }
  if (!isObject(raw)) {
    collector.add(
      path,
      `request_headers is ${describeType(raw)}, expected an object; ignored`,
    );
    return {};
  }
  const entries: Array<[string, string]> = [];
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (typeof value === 'string') {
      entries.push([name, value]);
    } else if (Array.isArray(value)) {
      // Repeated headers (Go's http.Header shape): HTTP joins them with ", ".
      entries.push([name, value.map(toText).join(', ')]);
    } else {
      entries.push([name, toText(value)]);
    }
  }
  // fromEntries defines own properties, so a header called "__proto__"
  // cannot change the prototype of the result.
  return Object.fromEntries(entries);
}

/**
 * Parses a sample's `http_context`. Never rejects the sample: a broken
 * context becomes `null` (with a warning), odd fields are turned into text.
 */
export function parseHttpContext(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): ParsedHttpContext | null {
  if (raw === undefined || raw === null) {
    return null;
  }
  if (!isObject(raw)) {
    collector.add(
      path,
      `http_context is ${describeType(raw)}, expected an object; ignored`,
    );
    return null;
  }
  const requestMethod = toText(raw.request_method);
  const requestUrl = toText(raw.request_url);
  const requestHeaders = parseHeaders(
    raw.request_headers,
    `${path}.request_headers`,
    collector,
  );
  const rawBody = raw.request_body;
  const requestBody =
    rawBody === undefined || rawBody === null ? null : toText(rawBody);

  // The push gateway (and clients reporting outside a request) send a context
  // with only empty fields; that is "no context", not an empty request.
  if (
    requestMethod === '' &&
    requestUrl === '' &&
    (requestBody === null || requestBody === '') &&
    Object.keys(requestHeaders).length === 0
  ) {
    return null;
  }
  return { requestMethod, requestUrl, requestHeaders, requestBody };
}
