import {
  ParsedErrorInstance,
  ParsedHttpContext,
} from '@periskop-backstage/plugin-periskop-common';
import { createHash } from 'node:crypto';

/** A sample's error and HTTP context in canonical form, and its address. */
export interface SampleContent {
  /** First 128 bits of the SHA-256 of `json`, base64url (22 characters). */
  digest: string;
  /** Canonical JSON of `{ error, httpContext }`: fixed member order, headers sorted by name. */
  json: string;
}

function canonicalError(error: ParsedErrorInstance): ParsedErrorInstance {
  return {
    class: error.class,
    message: error.message,
    stacktrace: error.stacktrace,
    cause: error.cause ? canonicalError(error.cause) : null,
  };
}

function canonicalHttpContext(
  context: ParsedHttpContext | null,
): ParsedHttpContext | null {
  if (!context) {
    return null;
  }
  const headers: Record<string, string> = {};
  for (const name of Object.keys(context.requestHeaders).sort()) {
    headers[name] = context.requestHeaders[name];
  }
  return {
    requestMethod: context.requestMethod,
    requestUrl: context.requestUrl,
    requestHeaders: headers,
    requestBody: context.requestBody ?? null,
  };
}

/**
 * The content of a sample (already redacted) in canonical form and its
 * digest: samples with equal content, from any instance or group, share one
 * stored row. The migration that introduced the table keeps a frozen copy
 * of this function; change both or neither.
 */
export function sampleContent(
  error: ParsedErrorInstance,
  httpContext: ParsedHttpContext | null,
): SampleContent {
  const json = JSON.stringify({
    error: canonicalError(error),
    httpContext: canonicalHttpContext(httpContext),
  });
  return {
    json,
    digest: createHash('sha256')
      .update(json)
      .digest()
      .subarray(0, 16)
      .toString('base64url'),
  };
}
