import {
  parseAggregates,
  wireAggregate,
  wireSample,
} from './__testUtils__/wirePayloads';

// Per-item validation, through the public parser so that the warning
// paths are the ones callers see.
describe('parseAggregate', () => {
  it('skips malformed aggregates with a warning and keeps the rest', () => {
    const { payload, warnings } = parseAggregates([
      wireAggregate({ aggregation_key: 'good' }),
      'not an object',
      wireAggregate({ aggregation_key: '' }),
      wireAggregate({ aggregation_key: '   ' }),
      wireAggregate({ aggregation_key: 7 }),
      wireAggregate({ aggregation_key: 'neg', total_count: -1 }),
      wireAggregate({ aggregation_key: 'frac', total_count: 1.5 }),
      wireAggregate({ aggregation_key: 'str', total_count: '3' }),
      wireAggregate({ aggregation_key: 'inf', total_count: Infinity }),
      wireAggregate({ aggregation_key: 'missing', total_count: undefined }),
      wireAggregate({ aggregation_key: 'zero', total_count: 0 }),
    ]);
    expect(payload.aggregates.map(a => a.aggregationKey)).toEqual([
      'good',
      'zero',
    ]);
    expect(warnings).toEqual([
      {
        path: 'aggregated_errors[1]',
        reason: 'aggregate is a string, expected an object; skipped',
      },
      {
        path: 'aggregated_errors[2].aggregation_key',
        reason:
          'aggregation_key is an empty string, expected a non-empty string; aggregate skipped',
      },
      {
        path: 'aggregated_errors[3].aggregation_key',
        reason:
          'aggregation_key is a blank string, expected a non-empty string; aggregate skipped',
      },
      {
        path: 'aggregated_errors[4].aggregation_key',
        reason:
          'aggregation_key is a number, expected a non-empty string; aggregate skipped',
      },
      {
        path: 'aggregated_errors[5].total_count',
        reason:
          'total_count is -1, expected a non-negative integer; aggregate skipped',
      },
      {
        path: 'aggregated_errors[6].total_count',
        reason:
          'total_count is 1.5, expected a non-negative integer; aggregate skipped',
      },
      {
        path: 'aggregated_errors[7].total_count',
        reason:
          'total_count is a string of 1 character, expected a non-negative integer; aggregate skipped',
      },
      {
        path: 'aggregated_errors[8].total_count',
        reason:
          'total_count is Infinity, expected a non-negative integer; aggregate skipped',
      },
      {
        path: 'aggregated_errors[9].total_count',
        reason:
          'total_count is missing, expected a non-negative integer; aggregate skipped',
      },
    ]);
  });

  it('keeps the first of duplicate aggregation keys', () => {
    const { payload, warnings } = parseAggregates([
      wireAggregate({ aggregation_key: 'dup', total_count: 3 }),
      wireAggregate({ aggregation_key: 'other' }),
      wireAggregate({ aggregation_key: 'dup', total_count: 9 }),
    ]);
    expect(
      payload.aggregates.map(a => [a.aggregationKey, a.totalCount]),
    ).toEqual([
      ['dup', 3],
      ['other', 1],
    ]);
    expect(warnings).toEqual([
      {
        path: 'aggregated_errors[2].aggregation_key',
        reason:
          'duplicate aggregation_key, the same as aggregated_errors[0]; the first one is kept',
      },
    ]);
  });

  it('keeps an aggregate whose latest_errors is missing or not an array', () => {
    const { payload, warnings } = parseAggregates([
      wireAggregate({ aggregation_key: 'missing', latest_errors: undefined }),
      wireAggregate({ aggregation_key: 'null', latest_errors: null }),
      wireAggregate({ aggregation_key: 'object', latest_errors: {} }),
    ]);
    expect(
      payload.aggregates.map(a => [a.aggregationKey, a.samples.length]),
    ).toEqual([
      ['missing', 0],
      ['null', 0],
      ['object', 0],
    ]);
    expect(warnings).toEqual([
      {
        path: 'aggregated_errors[2].latest_errors',
        reason:
          'latest_errors is an object, expected an array; samples ignored',
      },
    ]);
  });

  describe('timestamps', () => {
    it.each([
      ['2026-11-21T19:21:20Z', '2026-11-21T19:21:20.000Z'],
      ['2026-11-21T19:21:20.8Z', '2026-11-21T19:21:20.800Z'],
      ['2026-11-21T19:21:20.815Z', '2026-11-21T19:21:20.815Z'],
      ['2026-11-21T19:21:20.894314586Z', '2026-11-21T19:21:20.894Z'],
      ['2026-11-21T19:21:20.999999999Z', '2026-11-21T19:21:20.999Z'],
      ['2026-11-21T21:21:20.5+02:00', '2026-11-21T19:21:20.500Z'],
      ['2026-11-21T14:51:20-04:30', '2026-11-21T19:21:20.000Z'],
      ['2026-11-22T00:21:20+05:00', '2026-11-21T19:21:20.000Z'],
      ['2026-11-21t19:21:20z', '2026-11-21T19:21:20.000Z'],
    ])('normalises %s to %s', (wire, iso) => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          created_at: wire,
          latest_errors: [wireSample({ timestamp: wire })],
        }),
      ]);
      expect(warnings).toEqual([]);
      const sample = payload.aggregates[0].samples[0];
      expect(sample.timestamp).toBe(iso);
      expect(sample.timestampMs).toBe(Date.parse(iso));
      expect(payload.aggregates[0].createdAt).toBe(iso);
    });

    it('ignores an unparseable created_at with a warning', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({ created_at: 12345 }),
        wireAggregate({ aggregation_key: 'k2', created_at: undefined }),
      ]);
      expect(payload.aggregates.map(a => a.createdAt)).toEqual([null, null]);
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].created_at',
          reason: 'created_at is a number, expected an RFC 3339 time; ignored',
        },
      ]);
    });
  });
});
