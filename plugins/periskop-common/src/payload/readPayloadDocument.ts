import { describeType, isObject } from './describeValue';
import { describeJsonSyntaxError } from './locateJsonSyntaxError';
import type { ParseOptions } from './types';
import { WarningCollector } from './WarningCollector';

// The payload as a whole: JSON, shape and limits, shared by the whole parse
// (parsePeriskopPayload) and the lazy one (readPeriskopPayload).

/** Prefix of the reasons a body is not a payload at all. */
export const NOT_A_PAYLOAD = 'not a Periskop payload';

/** A payload document's top level, validated; its aggregates not yet parsed. */
export type PayloadDocument =
  | {
      ok: true;
      targetUuid: string | null;
      rawAggregates: readonly unknown[];
      collector: WarningCollector;
    }
  | { ok: false; reason: string };

/** Strips the byte-order mark some servers send; it is not JSON. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The failure for a text `JSON.parse` rejected: where and why, not its
 * message, which quotes the text.
 */
export function notJson(text: string): { ok: false; reason: string } {
  return {
    ok: false,
    reason: `${NOT_A_PAYLOAD}: response is not JSON (${describeJsonSyntaxError(
      text,
    )})`,
  };
}

/**
 * Checks what makes a payload a payload (an object with an
 * `aggregated_errors` array, within the key limit) and reads its
 * `target_uuid`. The aggregates are left to the caller, to parse whole or
 * lazily.
 */
export function readPayloadDocument(
  document: unknown,
  options: ParseOptions,
): PayloadDocument {
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
  return { ok: true, targetUuid, rawAggregates, collector };
}

/** Aggregates are told apart by their key; a repeated key keeps the first. */
export const AGGREGATE_IDENTITY = {
  of: (aggregate: { aggregationKey: string }) => aggregate.aggregationKey,
  field: 'aggregation_key',
  label: 'aggregation_key',
};
