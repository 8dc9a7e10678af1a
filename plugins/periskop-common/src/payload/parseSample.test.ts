import {
  parseAggregates,
  wireAggregate,
  wireSample,
} from './__testUtils__/wirePayloads';

// Per-item validation, through the public parser so that the warning
// paths are the ones callers see.
describe('parseSample', () => {
  it('skips malformed samples with a warning and keeps the aggregate', () => {
    const { payload, warnings } = parseAggregates([
      wireAggregate({
        total_count: 8,
        latest_errors: [
          wireSample({ uuid: 'ok' }),
          null,
          wireSample({ uuid: '' }),
          wireSample({ uuid: 5 }),
          wireSample({ uuid: 'bad-ts', timestamp: 'yesterday' }),
          wireSample({ uuid: 'no-ts', timestamp: undefined }),
          wireSample({ uuid: 'no-error', error: null }),
          wireSample({ uuid: 'no-class', error: { message: 'm' } }),
        ],
      }),
    ]);
    expect(payload.aggregates).toHaveLength(1);
    expect(payload.aggregates[0].totalCount).toBe(8);
    expect(payload.aggregates[0].samples.map(s => s.uuid)).toEqual(['ok']);
    const p = 'aggregated_errors[0].latest_errors';
    expect(warnings).toEqual([
      {
        path: `${p}[1]`,
        reason: 'sample is null, expected an object; skipped',
      },
      {
        path: `${p}[2].uuid`,
        reason:
          'uuid is an empty string, expected a non-empty string; sample skipped',
      },
      {
        path: `${p}[3].uuid`,
        reason: 'uuid is a number, expected a non-empty string; sample skipped',
      },
      {
        path: `${p}[4].timestamp`,
        reason:
          'timestamp is a string of 9 characters, expected an RFC 3339 time; sample skipped',
      },
      {
        path: `${p}[5].timestamp`,
        reason:
          'timestamp is missing, expected an RFC 3339 time; sample skipped',
      },
      {
        path: `${p}[6].error`,
        reason: 'error is null, expected an object; sample skipped',
      },
      {
        path: `${p}[7].error`,
        reason: 'error class is missing, expected a string; sample skipped',
      },
    ]);
  });

  it('keeps the first of duplicate sample uuids', () => {
    const { payload, warnings } = parseAggregates([
      wireAggregate({
        latest_errors: [
          wireSample({ uuid: 'a', timestamp: '2026-01-01T00:00:00Z' }),
          wireSample({ uuid: 'b' }),
          wireSample({ uuid: 'a', timestamp: '2026-02-02T00:00:00Z' }),
        ],
      }),
    ]);
    const samples = payload.aggregates[0].samples;
    expect(samples.map(s => [s.uuid, s.timestamp])).toEqual([
      ['a', '2026-01-01T00:00:00.000Z'],
      ['b', '2026-11-21T19:21:20.894Z'],
    ]);
    expect(warnings).toEqual([
      {
        path: 'aggregated_errors[0].latest_errors[2].uuid',
        reason:
          'duplicate sample uuid, the same as aggregated_errors[0].latest_errors[0]; the first one is kept',
      },
    ]);
  });
});
