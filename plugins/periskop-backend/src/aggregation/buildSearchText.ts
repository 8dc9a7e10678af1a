import {
  ParsedErrorInstance,
  ParsedHttpContext,
} from '@periskop-backstage/plugin-periskop-common';

/** Upper bound of the stored search text, so one huge trace cannot bloat every row. */
export const MAX_SEARCH_TEXT_LENGTH = 16_384;

/**
 * The lower-cased text that the API's search matches: the aggregation key,
 * the request URL, and class, message, stack trace and the whole cause chain
 * of the error.
 */
export function buildSearchText(
  aggregationKey: string,
  error: ParsedErrorInstance | null,
  httpContext: ParsedHttpContext | null,
): string {
  const parts: string[] = [aggregationKey];
  if (httpContext?.requestUrl) {
    parts.push(httpContext.requestUrl);
  }
  for (
    let current: ParsedErrorInstance | null = error;
    current;
    current = current.cause
  ) {
    parts.push(current.class, current.message, ...current.stacktrace);
  }
  return parts.join('\n').toLowerCase().slice(0, MAX_SEARCH_TEXT_LENGTH);
}
