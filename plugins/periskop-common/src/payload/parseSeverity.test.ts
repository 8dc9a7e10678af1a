import {
  parseAggregates,
  wireAggregate,
  wireSample,
} from './__testUtils__/wirePayloads';

// Per-item validation, through the public parser so that the warning
// paths are the ones callers see.
describe('parseSeverity', () => {
  describe('severity', () => {
    it('defaults a missing aggregate severity to error silently', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({ severity: undefined }),
        wireAggregate({ aggregation_key: 'k2', severity: null }),
      ]);
      expect(payload.aggregates.map(a => a.severity)).toEqual([
        'error',
        'error',
      ]);
      expect(warnings).toEqual([]);
    });

    it('matches severities case-insensitively', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          severity: 'WARNING',
          latest_errors: [wireSample({ severity: ' Info ' })],
        }),
      ]);
      expect(payload.aggregates[0].severity).toBe('warning');
      expect(payload.aggregates[0].samples[0].severity).toBe('info');
      expect(warnings).toEqual([]);
    });

    it('falls back from an unknown aggregate severity to error, with a warning', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({ severity: 'fatal', latest_errors: [] }),
      ]);
      expect(payload.aggregates[0].severity).toBe('error');
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].severity',
          reason:
            'severity is a string of 5 characters, expected error, warning or info; using "error"',
        },
      ]);
    });

    it("falls back from a sample's missing or unknown severity to the aggregate's", () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          severity: 'info',
          latest_errors: [
            wireSample({ uuid: 'missing', severity: undefined }),
            wireSample({ uuid: 'unknown', severity: 'critical' }),
            wireSample({ uuid: 'number', severity: 3 }),
            wireSample({ uuid: 'own', severity: 'warning' }),
          ],
        }),
      ]);
      expect(
        payload.aggregates[0].samples.map(s => [s.uuid, s.severity]),
      ).toEqual([
        ['missing', 'info'],
        ['unknown', 'info'],
        ['number', 'info'],
        ['own', 'warning'],
      ]);
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].latest_errors[1].severity',
          reason:
            'severity is a string of 8 characters, expected error, warning or info; using the aggregate\'s "info"',
        },
        {
          path: 'aggregated_errors[0].latest_errors[2].severity',
          reason:
            'severity is a number, expected error, warning or info; using the aggregate\'s "info"',
        },
      ]);
    });
  });
});
