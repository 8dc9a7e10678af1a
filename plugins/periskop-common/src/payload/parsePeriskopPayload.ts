import { describeThrown } from './describeValue';
import { parseUniqueItems } from './listItems';
import { parseAggregate } from './parseAggregate';
import {
  AGGREGATE_IDENTITY,
  NOT_A_PAYLOAD,
  notJson,
  readPayloadDocument,
  withoutByteOrderMark,
} from './readPayloadDocument';
import type { ParseOptions, ParseResult } from './types';

// The payload as a whole: JSON, shape and limits. Each item is validated by
// its own parser (parseAggregate, parseSample, parseErrorInstance,
// parseHttpContext), which skips or repairs it with a warning.

function parseDocument(body: unknown, options: ParseOptions): ParseResult {
  let document = body;
  if (typeof body === 'string') {
    const text = withoutByteOrderMark(body);
    try {
      document = JSON.parse(text);
    } catch {
      return notJson(text);
    }
  }
  const read = readPayloadDocument(document, options);
  if (!read.ok) {
    return read;
  }
  const { targetUuid, rawAggregates, collector } = read;
  const aggregates = parseUniqueItems(
    rawAggregates,
    'aggregated_errors',
    (item, path) => parseAggregate(item, path, collector),
    AGGREGATE_IDENTITY,
    collector,
  );

  return {
    ok: true,
    payload: { targetUuid, aggregates },
    warnings: collector.warnings,
  };
}

/**
 * Parses and validates the body of a Periskop exceptions endpoint (any client
 * library or the push gateway).
 *
 * The payload as a whole fails only when it is not JSON, not an object with
 * an `aggregated_errors` array, or has more keys than `options.maxKeys`.
 * Everything else is lenient per item: a malformed aggregate or sample is
 * skipped and reported as a {@link PayloadWarning}, odd values are repaired
 * where that loses nothing (see the package README for the rules).
 *
 * Never throws, whatever the input. Strings (messages, keys, headers) are
 * kept verbatim; escaping for display is the caller's business.
 *
 * @param body - the raw response text, or an already parsed JSON value
 * @param options - limits applied while parsing
 * @returns the parsed payload with warnings, or the reason it was rejected
 * @public
 */
export function parsePeriskopPayload(
  body: string | unknown,
  options: ParseOptions = {},
): ParseResult {
  try {
    return parseDocument(body, options ?? {});
  } catch (error) {
    // Only reachable with non-JSON inputs (throwing getters, proxies, ...):
    // the contract is to report, never to throw.
    return {
      ok: false,
      reason: `${NOT_A_PAYLOAD}: reading it failed (${describeThrown(error)})`,
    };
  }
}
