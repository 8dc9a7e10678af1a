import {
  listClientFixtures,
  readClientFixture as readFixture,
} from '../testUtils';
import { MAX_CAUSE_DEPTH, parsePeriskopPayload } from './parsePeriskopPayload';
import type { ParseResult, ParsedPayload, PayloadWarning } from './types';

function expectOk(result: ParseResult): {
  payload: ParsedPayload;
  warnings: PayloadWarning[];
} {
  if (!result.ok) {
    throw new Error(`expected ok, got: ${result.reason}`);
  }
  return result;
}

/** A valid wire sample; override fields per test. */
function wireSample(overrides: Record<string, unknown> = {}) {
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
function wireAggregate(overrides: Record<string, unknown> = {}) {
  return {
    aggregation_key: 'Boom@1',
    total_count: 1,
    severity: 'error',
    latest_errors: [wireSample()],
    created_at: '2026-11-21T19:21:20Z',
    ...overrides,
  };
}

function parseAggregates(aggregates: unknown[]) {
  return expectOk(
    parsePeriskopPayload({ aggregated_errors: aggregates, target_uuid: 't' }),
  );
}

type Expected = Array<
  [key: string, total: number, severity: string, samples: number]
>;

const expectedFixtures: Record<string, { targetUuid: string; keys: Expected }> =
  {
    'go/01-initial.json': {
      targetUuid: '184b1510-6063-464a-a630-9db9ec8a4563',
      keys: [
        ['payments/provider rejected #1', 1, 'error', 1],
        ['*errors.errorString@398ace69', 1, 'error', 1],
        ['*json.SyntaxError@e05c331d', 12, 'error', 10],
        ['*errors.errorString@93fdfbea', 3, 'warning', 3],
        ['*errors.errorString@74d0c293', 1, 'info', 1],
        ['*errors.errorString@29ef46ad', 2, 'error', 2],
      ],
    },
    'go/02-after-5-more.json': {
      targetUuid: '184b1510-6063-464a-a630-9db9ec8a4563',
      keys: [
        ['*json.SyntaxError@e05c331d', 16, 'error', 10],
        ['*errors.errorString@93fdfbea', 3, 'warning', 3],
        ['*errors.errorString@74d0c293', 1, 'info', 1],
        ['*errors.errorString@29ef46ad', 3, 'error', 3],
        ['payments/provider rejected #1', 1, 'error', 1],
        ['*errors.errorString@398ace69', 1, 'error', 1],
      ],
    },
    'go/03-after-restart-2-more.json': {
      targetUuid: 'cf096a2f-e72e-4fd5-b1d0-4a328004508a',
      keys: [['*json.SyntaxError@e05c331d', 2, 'error', 2]],
    },
    'pushgateway/01-after-pushes.json': {
      targetUuid: '1cc01d31-f756-4aba-ae72-1e7a406e77b8',
      keys: [
        ['*json.SyntaxError@7cbaee0a', 20, 'error', 10],
        ['*errors.errorString@b5b4f4a5', 2, 'info', 2],
        ['*json.SyntaxError@528bd7e1', 2, 'error', 2],
        ['my/custom key', 2, 'warning', 2],
      ],
    },
    'python/01-initial.json': {
      targetUuid: 'baeca9f4-e5e0-11f1-b85b-02fc00000001',
      keys: [
        ['JSONDecodeError@876ba4a6', 12, 'error', 10],
        ['ValueError@50aeab06', 3, 'error', 3],
        ['KeyError@4ae5dfde', 2, 'error', 2],
      ],
    },
    'python/02-after-6-more.json': {
      targetUuid: 'baeca9f4-e5e0-11f1-b85b-02fc00000001',
      keys: [
        ['JSONDecodeError@876ba4a6', 17, 'error', 10],
        ['ValueError@50aeab06', 4, 'error', 4],
        ['KeyError@4ae5dfde', 2, 'error', 2],
      ],
    },
    'python/03-after-restart-1-more.json': {
      targetUuid: 'c0860842-e5e0-11f1-8e3d-02fc00000001',
      keys: [['JSONDecodeError@876ba4a6', 1, 'error', 1]],
    },
    'ruby/01-initial.json': {
      targetUuid: '8dc9ea80-2378-4311-8394-ea1746f4618d',
      keys: [
        ['ZeroDivisionError@e4e4e812', 12, 'error', 10],
        ['ArgumentError@8a4c3162', 1, 'error', 1],
        ['RuntimeError@ce58f9a3', 1, 'error', 1],
      ],
    },
  };

describe('parsePeriskopPayload', () => {
  describe('real client payloads', () => {
    const fixtureFiles = listClientFixtures();

    it('knows what every fixture holds', () => {
      expect(fixtureFiles).toEqual(Object.keys(expectedFixtures).sort());
    });

    it.each(fixtureFiles)(
      '%s parses without warnings to the expected keys',
      file => {
        const expected = expectedFixtures[file];
        expect(expected).toBeDefined();
        const { payload, warnings } = expectOk(
          parsePeriskopPayload(readFixture(file), { maxKeys: 10000 }),
        );
        expect(warnings).toEqual([]);
        expect(payload.targetUuid).toBe(expected.targetUuid);
        expect(
          payload.aggregates.map(a => [
            a.aggregationKey,
            a.totalCount,
            a.severity,
            a.samples.length,
          ]),
        ).toEqual(expected.keys);
        for (const aggregate of payload.aggregates) {
          expect(aggregate.createdAt).toMatch(
            /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
          );
          for (const sample of aggregate.samples) {
            expect(sample.timestamp).toMatch(
              /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
            );
            expect(Date.parse(sample.timestamp)).toBe(sample.timestampMs);
            expect(sample.error.class).not.toBe('');
            expect(sample.error.stacktrace.length).toBeGreaterThan(0);
          }
        }
      },
    );

    it('gives the same result for the text and the parsed JSON', () => {
      const text = readFixture('go/01-initial.json');
      expect(parsePeriskopPayload(JSON.parse(text))).toEqual(
        parsePeriskopPayload(text),
      );
    });

    it('keeps the Go custom key with "/", space and "#" verbatim', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('go/01-initial.json')),
      );
      const aggregate = payload.aggregates[0];
      expect(aggregate.aggregationKey).toBe('payments/provider rejected #1');
      expect(aggregate.samples[0].error.message).toBe(
        'payment provider rejected',
      );
    });

    it('keeps the Go HTML message verbatim', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('go/01-initial.json')),
      );
      const aggregate = payload.aggregates.find(
        a => a.aggregationKey === '*errors.errorString@398ace69',
      );
      expect(aggregate?.samples[0].error.message).toBe(
        "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
      );
    });

    it('normalises Go nanosecond timestamps to UTC milliseconds', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('go/01-initial.json')),
      );
      const [first] = payload.aggregates;
      // wire: 2026-11-21T19:21:20.894314586Z, created_at ...20.894315556Z
      expect(first.samples[0].timestamp).toBe('2026-11-21T19:21:20.894Z');
      expect(first.samples[0].timestampMs).toBe(
        Date.UTC(2026, 10, 21, 19, 21, 20, 894),
      );
      expect(first.createdAt).toBe('2026-11-21T19:21:20.894Z');
    });

    it('parses Go timestamps whose trailing zeros were trimmed', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('pushgateway/01-after-pushes.json')),
      );
      const timestamps = payload.aggregates[0].samples.map(s => s.timestamp);
      // wire: 2026-11-21T19:17:02.57785147Z (8 fraction digits)
      expect(timestamps).toContain('2026-11-21T19:17:02.577Z');
    });

    it('keeps Go http_context with its headers (redaction happens later)', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('go/01-initial.json')),
      );
      const contexts = payload.aggregates
        .flatMap(a => a.samples)
        .map(s => s.httpContext)
        .filter(c => c !== null);
      expect(contexts.length).toBeGreaterThan(0);
      expect(contexts[0]).toEqual({
        requestMethod: 'POST',
        requestUrl: expect.stringMatching(/^http:\/\/api\.example\.com\//),
        requestHeaders: expect.objectContaining({
          Authorization: 'Bearer s3cr3t-token',
          Cookie: 'session=abc123',
        }),
        requestBody: null,
      });
    });

    it('normalises Python millisecond timestamps and keeps the request body', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('python/01-initial.json')),
      );
      const sample = payload.aggregates[0].samples[0];
      expect(sample.uuid).toBe('bb9b6aa2-e5e0-11f1-815c-02fc00000001');
      expect(sample.timestamp).toBe('2026-11-21T19:21:20.815Z');
      expect(sample.timestampMs).toBe(Date.UTC(2026, 10, 21, 19, 21, 20, 815));
      const withBody = payload.aggregates
        .flatMap(a => a.samples)
        .find(s => s.httpContext?.requestBody);
      expect(withBody?.httpContext).toEqual({
        requestMethod: 'POST',
        requestUrl: expect.stringContaining('http://shop.example.com/cart'),
        requestHeaders: {
          'Content-Type': 'application/json',
          Authorization: 'Basic dXNlcjpwYXNz',
        },
        requestBody: '{"card":"4111111111111111"}',
      });
    });

    it('parses the Ruby cause chain and second-precision timestamps', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(readFixture('ruby/01-initial.json')),
      );
      const aggregate = payload.aggregates.find(
        a => a.aggregationKey === 'ArgumentError@8a4c3162',
      );
      const sample = aggregate!.samples[0];
      expect(sample.timestamp).toBe('2026-11-21T19:17:07.000Z');
      expect(sample.error).toEqual({
        class: 'ArgumentError',
        message: 'wrapped',
        stacktrace: [
          "rb_run.rb:11:in `rescue in <main>'",
          "rb_run.rb:11:in `<main>'",
        ],
        cause: {
          class: 'ZeroDivisionError',
          message: 'divided by 0',
          stacktrace: [
            "rb_run.rb:6:in `/'",
            "rb_run.rb:6:in `div'",
            "rb_run.rb:11:in `<main>'",
          ],
          cause: null,
        },
      });
    });

    it('turns the push gateway empty http_context into null', () => {
      const text = readFixture('pushgateway/01-after-pushes.json');
      expect(text).toContain(
        '"http_context":{"request_method":"","request_url":"","request_headers":null,"request_body":null}',
      );
      const { payload } = expectOk(parsePeriskopPayload(text));
      const first = payload.aggregates[0].samples[0];
      expect(first.httpContext).toBeNull();
      // ... while real contexts of the same payload are kept.
      const kept = payload.aggregates
        .flatMap(a => a.samples)
        .filter(s => s.httpContext !== null);
      expect(kept.length).toBeGreaterThan(0);
    });
  });

  describe('whole-payload failures', () => {
    it.each([
      ['', /^not a Periskop payload: response is not JSON \(.+\)$/],
      [
        '<html>oops</html>',
        /^not a Periskop payload: response is not JSON \(.+\)$/,
      ],
      [
        '{"aggregated_errors": [',
        /^not a Periskop payload: response is not JSON \(.+\)$/,
      ],
    ])('rejects text %j that is not JSON', (body, reason) => {
      const result = parsePeriskopPayload(body);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(reason);
    });

    it('keeps the JSON error detail short', () => {
      const result = parsePeriskopPayload(`<${'x'.repeat(100000)}`);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason.length).toBeLessThan(200);
    });

    it.each([
      [null, 'not a Periskop payload: expected a JSON object, got null'],
      [42, 'not a Periskop payload: expected a JSON object, got a number'],
      [
        '"text"',
        'not a Periskop payload: expected a JSON object, got a string',
      ],
      ['[]', 'not a Periskop payload: expected a JSON object, got an array'],
      [[], 'not a Periskop payload: expected a JSON object, got an array'],
      [true, 'not a Periskop payload: expected a JSON object, got a boolean'],
      [
        undefined,
        'not a Periskop payload: expected a JSON object, got nothing',
      ],
      ['{}', 'not a Periskop payload: "aggregated_errors" is missing'],
      [
        { errors: [] },
        'not a Periskop payload: "aggregated_errors" is missing',
      ],
      [
        { aggregated_errors: null },
        'not a Periskop payload: "aggregated_errors" is null, expected an array',
      ],
      [
        '{"aggregated_errors": {"a": 1}}',
        'not a Periskop payload: "aggregated_errors" is an object, expected an array',
      ],
    ])('rejects %j', (body, reason) => {
      expect(parsePeriskopPayload(body)).toEqual({ ok: false, reason });
    });

    it('rejects more keys than maxKeys', () => {
      const aggregates = Array.from({ length: 5 }, (_, i) =>
        wireAggregate({ aggregation_key: `k${i}` }),
      );
      expect(
        parsePeriskopPayload({ aggregated_errors: aggregates }, { maxKeys: 4 }),
      ).toEqual({ ok: false, reason: 'too many error keys: 5 (limit 4)' });
      expect(
        parsePeriskopPayload({ aggregated_errors: aggregates }, { maxKeys: 5 })
          .ok,
      ).toBe(true);
    });

    it('accepts an empty payload and a leading byte-order mark', () => {
      expect(parsePeriskopPayload('\uFEFF{"aggregated_errors":[]}')).toEqual({
        ok: true,
        payload: { targetUuid: null, aggregates: [] },
        warnings: [],
      });
    });
  });

  describe('lenient per item', () => {
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
            'aggregation_key is "", expected a non-empty string; aggregate skipped',
        },
        {
          path: 'aggregated_errors[3].aggregation_key',
          reason:
            'aggregation_key is "   ", expected a non-empty string; aggregate skipped',
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
            'total_count is "3", expected a non-negative integer; aggregate skipped',
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
          reason: 'duplicate aggregation_key "dup"; the first one is kept',
        },
      ]);
    });

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
          reason: 'uuid is "", expected a non-empty string; sample skipped',
        },
        {
          path: `${p}[3].uuid`,
          reason:
            'uuid is a number, expected a non-empty string; sample skipped',
        },
        {
          path: `${p}[4].timestamp`,
          reason:
            'timestamp is "yesterday", expected an RFC 3339 time; sample skipped',
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
          reason: 'duplicate sample uuid "a"; the first one is kept',
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
              'severity is "fatal", expected error, warning or info; using "error"',
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
              'severity is "critical", expected error, warning or info; using the aggregate\'s "info"',
          },
          {
            path: 'aggregated_errors[0].latest_errors[2].severity',
            reason:
              'severity is a number, expected error, warning or info; using the aggregate\'s "info"',
          },
        ]);
      });
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
            reason:
              'created_at is a number, expected an RFC 3339 time; ignored',
          },
        ]);
      });
    });

    describe('errors and stack traces', () => {
      it('converts non-string stack trace entries to text with a warning', () => {
        const { payload, warnings } = parseAggregates([
          wireAggregate({
            latest_errors: [
              wireSample({
                error: {
                  class: 'C',
                  message: 'm',
                  stacktrace: ['a', 42, null, { file: 'x.go', line: 3 }],
                  cause: null,
                },
              }),
            ],
          }),
        ]);
        expect(payload.aggregates[0].samples[0].error.stacktrace).toEqual([
          'a',
          '42',
          '',
          '{"file":"x.go","line":3}',
        ]);
        expect(warnings).toEqual([
          {
            path: 'aggregated_errors[0].latest_errors[0].error.stacktrace',
            reason:
              '3 stack trace entries were not a string and converted to text',
          },
        ]);
      });

      it('treats a missing stack trace as empty and a non-array one as empty with a warning', () => {
        const { payload, warnings } = parseAggregates([
          wireAggregate({
            latest_errors: [
              wireSample({ uuid: 'a', error: { class: 'C', message: 'm' } }),
              wireSample({
                uuid: 'b',
                error: { class: 'C', message: 'm', stacktrace: 'a\nb' },
              }),
            ],
          }),
        ]);
        expect(
          payload.aggregates[0].samples.map(s => s.error.stacktrace),
        ).toEqual([[], []]);
        expect(warnings).toEqual([
          {
            path: 'aggregated_errors[0].latest_errors[1].error.stacktrace',
            reason:
              'stacktrace is a string instead of an array of strings; ignored',
          },
        ]);
      });

      it('repairs a missing or non-string message', () => {
        const { payload, warnings } = parseAggregates([
          wireAggregate({
            latest_errors: [
              wireSample({ uuid: 'a', error: { class: 'C', stacktrace: [] } }),
              wireSample({
                uuid: 'b',
                error: { class: 'C', message: 404, stacktrace: [] },
              }),
            ],
          }),
        ]);
        expect(payload.aggregates[0].samples.map(s => s.error.message)).toEqual(
          ['', '404'],
        );
        expect(warnings).toEqual([
          {
            path: 'aggregated_errors[0].latest_errors[1].error.message',
            reason: 'message is a number; converted to text',
          },
        ]);
      });

      it('drops a malformed cause but keeps the sample', () => {
        const { payload, warnings } = parseAggregates([
          wireAggregate({
            latest_errors: [
              wireSample({
                error: {
                  class: 'Outer',
                  message: 'm',
                  stacktrace: [],
                  cause: { class: 'Mid', message: 'm', cause: 'oops' },
                },
              }),
            ],
          }),
        ]);
        expect(payload.aggregates[0].samples[0].error).toEqual({
          class: 'Outer',
          message: 'm',
          stacktrace: [],
          cause: { class: 'Mid', message: 'm', stacktrace: [], cause: null },
        });
        expect(warnings).toEqual([
          {
            path: 'aggregated_errors[0].latest_errors[0].error.cause.cause',
            reason: 'error is a string, expected an object; cause dropped',
          },
        ]);
      });

      it(`cuts cause chains deeper than ${MAX_CAUSE_DEPTH} levels`, () => {
        let error: Record<string, unknown> = { class: 'E0', message: '' };
        for (let i = 1; i <= 100000; i++) {
          error = { class: `E${i}`, message: '', cause: error };
        }
        const { payload, warnings } = parseAggregates([
          wireAggregate({ latest_errors: [wireSample({ error })] }),
        ]);
        let depth = 0;
        let current = payload.aggregates[0].samples[0].error;
        while (current.cause) {
          current = current.cause;
          depth++;
        }
        expect(depth).toBe(MAX_CAUSE_DEPTH);
        expect(warnings).toHaveLength(1);
        expect(warnings[0].reason).toBe(
          `cause chain is deeper than ${MAX_CAUSE_DEPTH} levels; cut off here`,
        );
        expect(warnings[0].path).toBe(
          `aggregated_errors[0].latest_errors[0].error${'.cause'.repeat(
            MAX_CAUSE_DEPTH + 1,
          )}`,
        );
      });

      it('survives a cyclic cause in an already parsed object', () => {
        const error: Record<string, unknown> = { class: 'Loop', message: '' };
        error.cause = error;
        const result = parseAggregates([
          wireAggregate({ latest_errors: [wireSample({ error })] }),
        ]);
        expect(result.payload.aggregates[0].samples).toHaveLength(1);
        expect(result.warnings).toHaveLength(1);
      });
    });

    describe('http_context', () => {
      function parseContext(httpContext: unknown) {
        const { payload, warnings } = parseAggregates([
          wireAggregate({
            latest_errors: [wireSample({ http_context: httpContext })],
          }),
        ]);
        return {
          context: payload.aggregates[0].samples[0].httpContext,
          warnings,
        };
      }

      it.each([
        ['null', null],
        ['missing', undefined],
        [
          'all empty (push gateway)',
          {
            request_method: '',
            request_url: '',
            request_headers: null,
            request_body: null,
          },
        ],
        [
          'all empty with empty headers and body',
          {
            request_method: '',
            request_url: '',
            request_headers: {},
            request_body: '',
          },
        ],
        ['an empty object', {}],
      ])('is null when %s', (_, httpContext) => {
        expect(parseContext(httpContext)).toEqual({
          context: null,
          warnings: [],
        });
      });

      it('is null with a warning when not an object', () => {
        expect(parseContext('GET /')).toEqual({
          context: null,
          warnings: [
            {
              path: 'aggregated_errors[0].latest_errors[0].http_context',
              reason: 'http_context is a string, expected an object; ignored',
            },
          ],
        });
      });

      it('maps fields, defaults null headers to {} and stringifies header values', () => {
        expect(
          parseContext({
            request_method: 'GET',
            request_url: '/x',
            request_headers: null,
            request_body: null,
          }).context,
        ).toEqual({
          requestMethod: 'GET',
          requestUrl: '/x',
          requestHeaders: {},
          requestBody: null,
        });
        const { context, warnings } = parseContext({
          request_method: 'POST',
          request_url: 'http://x/y?z=1',
          request_headers: {
            'Content-Length': 12,
            'X-Flag': true,
            'X-Multi': ['a', 'b'],
            'X-Null': null,
          },
          request_body: '',
        });
        expect(warnings).toEqual([]);
        expect(context?.requestHeaders).toEqual({
          'Content-Length': '12',
          'X-Flag': 'true',
          'X-Multi': 'a, b',
          'X-Null': '',
        });
        expect(context?.requestBody).toBe('');
        expect(Object.getPrototypeOf(context?.requestHeaders)).toBe(
          Object.prototype,
        );
      });

      it('keeps a "__proto__" header as a plain own property', () => {
        const { payload } = expectOk(
          parsePeriskopPayload(
            '{"aggregated_errors":[{"aggregation_key":"k","total_count":1,"latest_errors":[{"uuid":"u","timestamp":"2026-01-01T00:00:00Z","error":{"class":"C","message":""},"http_context":{"request_method":"GET","request_url":"/","request_headers":{"__proto__":"x"}}}]}]}',
          ),
        );
        const headers =
          payload.aggregates[0].samples[0].httpContext!.requestHeaders;
        expect(
          Object.getOwnPropertyDescriptor(headers, '__proto__')?.value,
        ).toBe('x');
        expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
      });
    });

    describe('target_uuid', () => {
      it.each([
        [{ aggregated_errors: [] }, null, 0],
        [{ aggregated_errors: [], target_uuid: null }, null, 0],
        [{ aggregated_errors: [], target_uuid: '' }, null, 0],
        [{ aggregated_errors: [], target_uuid: 42 }, null, 1],
        [{ aggregated_errors: [], target_uuid: 'abc' }, 'abc', 0],
      ])('%j → %j', (body, targetUuid, warningCount) => {
        const { payload, warnings } = expectOk(parsePeriskopPayload(body));
        expect(payload.targetUuid).toBe(targetUuid);
        expect(warnings).toHaveLength(warningCount);
      });
    });

    it('keeps strings verbatim', () => {
      const message = '<script>alert(1)</script>\u0000\u202e "quoted" ✓ 🎉';
      const { payload } = parseAggregates([
        wireAggregate({
          aggregation_key: 'weird key / # @ <b>',
          latest_errors: [
            wireSample({
              error: { class: '<C>', message, stacktrace: [message] },
            }),
          ],
        }),
      ]);
      const aggregate = payload.aggregates[0];
      expect(aggregate.aggregationKey).toBe('weird key / # @ <b>');
      expect(aggregate.samples[0].error.class).toBe('<C>');
      expect(aggregate.samples[0].error.message).toBe(message);
      expect(aggregate.samples[0].error.stacktrace).toEqual([message]);
    });
  });

  describe('never throws', () => {
    const deepArray = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    const hostile = {
      get aggregated_errors(): unknown {
        throw new Error('getter says no');
      },
    };
    const hostileItem = {
      aggregated_errors: [
        {
          aggregation_key: 'k',
          total_count: 1,
          get latest_errors(): unknown {
            throw new Error('item getter says no');
          },
        },
      ],
    };
    const garbage: unknown[] = [
      null,
      undefined,
      0,
      -1,
      NaN,
      Infinity,
      '',
      ' ',
      'null',
      '0',
      '[]',
      '{',
      '{"aggregated_errors":',
      '{"aggregated_errors":[null, 1, "x", [], {}, {"aggregation_key":{}}]}',
      '{"aggregated_errors":[{"aggregation_key":"k","total_count":1,"latest_errors":[null,1,[],{},{"uuid":"u","timestamp":[],"error":[]}]}]}',
      '{"aggregated_errors":[{"aggregation_key":"k","total_count":1,"latest_errors":[{"uuid":"u","timestamp":"2026-01-01T00:00:00Z","error":{"class":"c","message":{},"stacktrace":{},"cause":[]},"http_context":[]}]}]}',
      '{"aggregated_errors":[{"aggregation_key":"k","total_count":1,"latest_errors":[{"uuid":"u","timestamp":"2026-01-01T00:00:00Z","error":{"class":"c","message":"m"},"http_context":{"request_method":{},"request_url":[],"request_headers":[1,2],"request_body":{"a":[1]}}}]}]}',
      [],
      [[[]]],
      {},
      { aggregated_errors: [[[]]] },
      {
        aggregated_errors: [
          { aggregation_key: 'k', total_count: 1, latest_errors: [[[]]] },
        ],
      },
      { aggregated_errors: deepArray },
      deepArray,
      `${'['.repeat(100000)}${']'.repeat(100000)}`,
      `{"aggregated_errors":[{"aggregation_key":"k","total_count":1,"latest_errors":[{"uuid":"u","timestamp":"2026-01-01T00:00:00Z","error":${'{"class":"c","message":"m","cause":'.repeat(
        5000,
      )}null${'}'.repeat(5000)}}]}]}`,
      hostile,
      hostileItem,
      new Proxy(
        {},
        {
          get() {
            throw new Error('proxy says no');
          },
        },
      ),
      Object.create(null),
      new Date(),
      /regex/,
      () => 1,
      Symbol('s'),
      BigInt(1),
      new Uint8Array([123, 125]),
      new Map(),
    ];

    it.each(garbage.map((value, index) => [index, value]))(
      'garbage #%i yields a result',
      (_, value) => {
        let result: ParseResult | undefined;
        expect(() => {
          result = parsePeriskopPayload(value, { maxKeys: 100 });
        }).not.toThrow();
        expect(typeof result?.ok).toBe('boolean');
        // A failure always carries one of the documented reasons.
        const reason = result && !result.ok ? result.reason : undefined;
        expect(
          reason === undefined ||
            /^(not a Periskop payload: |too many error keys: )/.test(reason),
        ).toBe(true);
      },
    );

    it('reports a throwing getter as a failure', () => {
      const result = parsePeriskopPayload(hostile);
      expect(result).toEqual({
        ok: false,
        reason: 'not a Periskop payload: getter says no',
      });
    });
  });

  describe('performance', () => {
    it('parses a 10,000-key payload of ~10 MB quickly', () => {
      const stacktrace = Array.from(
        { length: 10 },
        (_, i) => `/go/src/service/handler_${i}.go:${i * 10}`,
      );
      const aggregates = Array.from({ length: 10000 }, (_, k) => ({
        aggregation_key: `*errors.errorString@${k
          .toString(16)
          .padStart(8, '0')}`,
        total_count: 100 + k,
        severity: 'error',
        created_at: '2026-11-21T19:21:20.894315556Z',
        latest_errors: Array.from({ length: 2 }, (__, s) => ({
          error: {
            class: '*errors.errorString',
            message: `failure number ${k}`,
            stacktrace,
            cause: null,
          },
          uuid: `${k}-${s}`,
          timestamp: '2026-11-21T19:21:20.894314586Z',
          severity: 'warning',
          http_context: {
            request_method: 'GET',
            request_url: `http://x/${k}`,
            request_headers: { Accept: '*/*' },
            request_body: null,
          },
        })),
      }));
      const body = JSON.stringify({
        aggregated_errors: aggregates,
        target_uuid: 't',
      });
      expect(body.length).toBeGreaterThan(9_000_000);
      expect(body.length).toBeLessThan(15_000_000);

      const started = Date.now();
      const result = parsePeriskopPayload(body, { maxKeys: 10000 });
      const elapsed = Date.now() - started;

      const { payload, warnings } = expectOk(result);
      expect(warnings).toEqual([]);
      expect(payload.aggregates).toHaveLength(10000);
      expect(payload.aggregates[9999].samples).toHaveLength(2);
      // Generous bound for loaded CI machines (typically well under a second);
      // it still catches anything quadratic.
      expect(elapsed).toBeLessThan(10000);
    });
  });
});
