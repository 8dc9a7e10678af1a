import { describeError, describeType, isObject } from './describeValue';
import { parseUniqueItems } from './listItems';
import { parseAggregate } from './parseAggregate';
import type { ParseOptions, ParseResult } from './types';
import { WarningCollector } from './WarningCollector';

// The payload as a whole: JSON, shape and limits. Each item is validated by
// its own parser (parseAggregate, parseSample, parseErrorInstance,
// parseHttpContext), which skips or repairs it with a warning.

const NOT_A_PAYLOAD = 'not a Periskop payload';

function parseDocument(body: unknown, options: ParseOptions): ParseResult {
  let document = body;
  if (typeof body === 'string') {
    try {
      // A byte-order mark is not JSON, but some servers send one.
      document = JSON.parse(
        body.charCodeAt(0) === 0xfeff ? body.slice(1) : body,
      );
    } catch (error) {
      return {
        ok: false,
        reason: `${NOT_A_PAYLOAD}: response is not JSON (${describeError(
          error,
        )})`,
      };
    }
  }
  if (!isObject(document)) {
    return {
      ok: false,
      reason: `${NOT_A_PAYLOAD}: expected a JSON object, got ${
        document === undefined ? 'nothing' : describeType(document)
      }`,
    };
  }
  const rawAggregates = document.aggregated_errors;
  if (!Array.isArray(rawAggregates)) {
    return {
      ok: false,
      reason:
        rawAggregates === undefined
          ? `${NOT_A_PAYLOAD}: "aggregated_errors" is missing`
          : `${NOT_A_PAYLOAD}: "aggregated_errors" is ${describeType(
              rawAggregates,
            )}, expected an array`,
    };
  }
  const maxKeys = options.maxKeys;
  if (typeof maxKeys === 'number' && rawAggregates.length > maxKeys) {
    return {
      ok: false,
      reason: `too many error keys: ${rawAggregates.length} (limit ${maxKeys})`,
    };
  }

  const collector = new WarningCollector();

  let targetUuid: string | null = null;
  const rawTargetUuid = document.target_uuid;
  if (typeof rawTargetUuid === 'string' && rawTargetUuid.trim() !== '') {
    targetUuid = rawTargetUuid;
  } else if (
    rawTargetUuid !== undefined &&
    rawTargetUuid !== null &&
    rawTargetUuid !== ''
  ) {
    collector.add(
      'target_uuid',
      `target_uuid is ${describeType(
        rawTargetUuid,
      )}, expected a string; ignored`,
    );
  }

  const aggregates = parseUniqueItems(
    rawAggregates,
    'aggregated_errors',
    (item, path) => parseAggregate(item, path, collector),
    {
      of: aggregate => aggregate.aggregationKey,
      field: 'aggregation_key',
      label: 'aggregation_key',
    },
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
      reason: `${NOT_A_PAYLOAD}: ${describeError(error)}`,
    };
  }
}
