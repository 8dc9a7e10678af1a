import { parseRfc3339Timestamp } from './parseRfc3339Timestamp';
import { describeValue } from './describeValue';
import { itemObject } from './listItems';
import { parseSamples } from './parseSample';
import { parseSeverity } from './parseSeverity';
import type { ParsedAggregate } from './types';

/** An aggregate's counting fields, validated; its samples not yet parsed. */
export type AggregateHead = Omit<ParsedAggregate, 'samples'>;
import type { WarningCollector } from './WarningCollector';

/**
 * Parses one aggregate. Returns `undefined` (with a warning) when it has no
 * usable aggregation key or total count, the two things it is counted by;
 * anything else that is odd is repaired or dropped on its own.
 */
export function parseAggregate(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): ParsedAggregate | undefined {
  const read = parseAggregateHead(raw, path, collector);
  if (!read) {
    return undefined;
  }
  const { head, latestErrors } = read;
  return {
    ...head,
    samples: parseSamples(
      latestErrors,
      `${path}.latest_errors`,
      head.severity,
      collector,
    ),
  };
}

/**
 * Validates an aggregate's counting fields (as {@link parseAggregate} does)
 * and hands back its `latest_errors` untouched, for a caller that parses
 * samples only of the keys whose count moved.
 */
export function parseAggregateHead(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): { head: AggregateHead; latestErrors: unknown } | undefined {
  const item = itemObject(raw, path, 'aggregate', collector);
  if (!item) {
    return undefined;
  }
  const aggregationKey = item.aggregation_key;
  if (typeof aggregationKey !== 'string' || aggregationKey.trim() === '') {
    collector.add(
      `${path}.aggregation_key`,
      `aggregation_key is ${describeValue(
        aggregationKey,
      )}, expected a non-empty string; aggregate skipped`,
    );
    return undefined;
  }
  const totalCount = item.total_count;
  if (
    typeof totalCount !== 'number' ||
    !Number.isSafeInteger(totalCount) ||
    totalCount < 0
  ) {
    collector.add(
      `${path}.total_count`,
      `total_count is ${
        typeof totalCount === 'number'
          ? String(totalCount)
          : describeValue(totalCount)
      }, expected a non-negative integer; aggregate skipped`,
    );
    return undefined;
  }

  const severity = parseSeverity(
    item.severity,
    `${path}.severity`,
    'error',
    '"error"',
    collector,
  );

  let createdAt: string | null = null;
  const rawCreatedAt = item.created_at;
  if (
    rawCreatedAt !== undefined &&
    rawCreatedAt !== null &&
    rawCreatedAt !== ''
  ) {
    const parsed = parseRfc3339Timestamp(rawCreatedAt);
    if (parsed) {
      createdAt = parsed.iso;
    } else {
      collector.add(
        `${path}.created_at`,
        `created_at is ${describeValue(
          rawCreatedAt,
        )}, expected an RFC 3339 time; ignored`,
      );
    }
  }

  return {
    head: { aggregationKey, totalCount, severity, createdAt },
    latestErrors: item.latest_errors,
  };
}
