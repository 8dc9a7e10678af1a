import {
  listClientFixtures,
  readClientFixture as readFixture,
} from '../testUtils';
import { parsePeriskopPayload } from './parsePeriskopPayload';
import type { ParseResult } from './types';
import {
  expectOk,
  parseAggregates,
  wireAggregate,
  wireSample,
} from './__testUtils__/wirePayloads';

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
      ['', 'the body is empty'],
      [
        '<html>oops</html>',
        'unexpected character, expected a value at line 1, column 1',
      ],
      [
        '{"aggregated_errors": [',
        'unexpected end, expected a value at line 1, column 24',
      ],
      [
        '{"secret":"s3cr3t-value" x}',
        "unexpected character, expected ',' or '}' at line 1, column 26",
      ],
      [
        '{\n  "secret": "s3cr3t-value\u0001"\n}',
        'control character in a string at line 2, column 26',
      ],
    ])(
      'rejects text %j that is not JSON by position, quoting none of it',
      (body, where) => {
        const result = parsePeriskopPayload(body);
        expect(result).toEqual({
          ok: false,
          reason: `not a Periskop payload: response is not JSON (${where})`,
        });
      },
    );

    it('keeps the JSON error detail short', () => {
      const result = parsePeriskopPayload(`<${'x'.repeat(100000)}`);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason.length).toBeLessThan(200);
    });

    it('names the fields of a payload by path and type, never by value', () => {
      const secret = 's3cr3t-value';
      const result = parsePeriskopPayload(
        JSON.stringify({
          target_uuid: { secret },
          aggregated_errors: [
            { aggregation_key: secret, total_count: secret, severity: secret },
            { aggregation_key: ' ', total_count: 1 },
            wireAggregate({
              aggregation_key: secret,
              severity: secret,
              created_at: secret,
            }),
            wireAggregate({ aggregation_key: secret }),
            wireAggregate({
              aggregation_key: 'K',
              latest_errors: [
                wireSample({ uuid: secret, timestamp: secret }),
                wireSample({ uuid: secret }),
                wireSample({ uuid: secret }),
                wireSample({
                  severity: secret,
                  error: { class: 1, message: secret },
                }),
              ],
            }),
          ],
        }),
      );
      const { warnings } = expectOk(result);
      expect(warnings.length).toBeGreaterThan(5);
      expect(JSON.stringify(warnings)).not.toContain('s3cr3t');
      expect(warnings.map(w => w.path)).toContain(
        'aggregated_errors[3].aggregation_key',
      );
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
        reason: 'not a Periskop payload: reading it failed (Error)',
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
