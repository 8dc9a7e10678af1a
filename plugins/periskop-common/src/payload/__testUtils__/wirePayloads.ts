import { parsePeriskopPayload } from '../parsePeriskopPayload';
import type { ParseResult, ParsedPayload, PayloadWarning } from '../types';

// Wire payloads for the parser tests: valid by default, broken per test.

export function expectOk(result: ParseResult): {
  payload: ParsedPayload;
  warnings: PayloadWarning[];
} {
  if (!result.ok) {
    throw new Error(`expected ok, got: ${result.reason}`);
  }
  return result;
}

/** A valid wire sample; override fields per test. */
export function wireSample(overrides: Record<string, unknown> = {}) {
  return {
    error: {
      class: 'Boom',
      message: 'it broke',
      stacktrace: ['a.go:1', 'b.go:2'],
      cause: null,
    },
    uuid: 'u-1',
    timestamp: '2026-11-21T19:21:20.894Z',
    severity: 'error',
    http_context: null,
    ...overrides,
  };
}

/** A valid wire aggregate; override fields per test. */
export function wireAggregate(overrides: Record<string, unknown> = {}) {
  return {
    aggregation_key: 'Boom@1',
    total_count: 1,
    severity: 'error',
    latest_errors: [wireSample()],
    created_at: '2026-11-21T19:21:20Z',
    ...overrides,
  };
}

export function parseAggregates(aggregates: unknown[]) {
  return expectOk(
    parsePeriskopPayload({ aggregated_errors: aggregates, target_uuid: 't' }),
  );
}
