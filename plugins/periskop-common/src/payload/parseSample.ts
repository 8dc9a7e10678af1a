import { parseRfc3339Timestamp } from './parseRfc3339Timestamp';
import { describeValue } from './describeValue';
import { itemObject, parseUniqueItems, readOptionalArray } from './listItems';
import { parseErrorInstance } from './parseErrorInstance';
import { parseHttpContext } from './parseHttpContext';
import { parseSeverity } from './parseSeverity';
import type { ParsedSample, PeriskopSeverity } from './types';
import type { WarningCollector } from './WarningCollector';

/**
 * Parses one sample. Returns `undefined` (with a warning) when it has no
 * usable uuid, timestamp or error: without them it can be neither
 * de-duplicated, ordered nor shown.
 */
export function parseSample(
  raw: unknown,
  path: string,
  aggregateSeverity: PeriskopSeverity,
  collector: WarningCollector,
): ParsedSample | undefined {
  const item = itemObject(raw, path, 'sample', collector);
  if (!item) {
    return undefined;
  }
  const uuid = item.uuid;
  if (typeof uuid !== 'string' || uuid === '') {
    collector.add(
      `${path}.uuid`,
      `uuid is ${describeValue(
        uuid,
      )}, expected a non-empty string; sample skipped`,
    );
    return undefined;
  }
  const timestamp = parseRfc3339Timestamp(item.timestamp);
  if (!timestamp) {
    collector.add(
      `${path}.timestamp`,
      `timestamp is ${describeValue(
        item.timestamp,
      )}, expected an RFC 3339 time; sample skipped`,
    );
    return undefined;
  }
  const error = parseErrorInstance(item.error, `${path}.error`, 0, collector);
  if (typeof error === 'string') {
    collector.add(`${path}.error`, `${error}; sample skipped`);
    return undefined;
  }

  return {
    uuid,
    timestamp: timestamp.iso,
    timestampMs: timestamp.ms,
    severity: parseSeverity(
      item.severity,
      `${path}.severity`,
      aggregateSeverity,
      `the aggregate's "${aggregateSeverity}"`,
      collector,
    ),
    error,
    httpContext: parseHttpContext(
      item.http_context,
      `${path}.http_context`,
      collector,
    ),
  };
}

/**
 * Parses an aggregate's `latest_errors`, skipping broken samples and
 * repeated uuids. A sample without a severity takes the aggregate's.
 */
export function parseSamples(
  raw: unknown,
  path: string,
  aggregateSeverity: PeriskopSeverity,
  collector: WarningCollector,
): ParsedSample[] {
  // The count is what matters most, so the aggregate is kept without samples.
  const items = readOptionalArray(
    raw,
    path,
    collector,
    type => `latest_errors is ${type}, expected an array; samples ignored`,
  );
  return parseUniqueItems(
    items,
    path,
    (item, itemPath) =>
      parseSample(item, itemPath, aggregateSeverity, collector),
    { of: sample => sample.uuid, field: 'uuid', label: 'sample uuid' },
    collector,
  );
}
