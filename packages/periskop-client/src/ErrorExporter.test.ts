import { parsePeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import { keyLayout, readFixture } from './__testUtils__/fixtures';
import { ErrorCollector } from './ErrorCollector';
import { ErrorExporter } from './ErrorExporter';

const UUID_V4 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An error with a fixed stack, so that keys and stack traces are known. */
function errorWithStack(
  ErrorClass: ErrorConstructor,
  message: string,
  frames: string[],
  cause?: unknown,
): Error {
  const error =
    cause === undefined
      ? new ErrorClass(message)
      : new ErrorClass(message, { cause });
  error.stack = [`${ErrorClass.name}: ${message}`, ...frames]
    .map((line, i) => (i === 0 ? line : `    ${line}`))
    .join('\n');
  return error;
}

const PARSE_FRAMES = [
  'at parseBody (/srv/app/src/body.js:12:11)',
  'at handle (/srv/app/src/handler.js:30:5)',
];
const DB_FRAMES = ['at query (/srv/app/src/db.js:7:9)'];

/** A clock that advances 250 ms per call, from a fixed start. */
function steppingClock() {
  let calls = 0;
  return () => new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 0) + 250 * calls++);
}

/** A collector with a bit of everything the wire format can carry. */
function populatedCollector(): ErrorCollector {
  const collector = new ErrorCollector({
    targetUuid: '3f2b8c5e-1d1a-4c1f-9a53-0e8f0b4a2d11',
    now: steppingClock(),
  });
  collector.report(
    errorWithStack(SyntaxError, 'Unexpected token }', PARSE_FRAMES),
    {
      httpContext: {
        requestMethod: 'POST',
        requestUrl: 'http://api.example.com/v1/users?expand=true',
        requestHeaders: {
          'Content-Type': 'application/json',
          'X-Request-Id': 'r-1',
        },
        requestBody: '{"name":',
      },
    },
  );
  collector.report(
    errorWithStack(SyntaxError, 'Unexpected end of JSON input', PARSE_FRAMES),
    {
      severity: 'warning',
      httpContext: { requestMethod: 'GET', requestUrl: '/v1/users' },
    },
  );
  collector.report(
    errorWithStack(
      Error,
      'could not load user',
      DB_FRAMES,
      errorWithStack(RangeError, 'pool exhausted', [
        'at acquire (/srv/app/src/pool.js:3:1)',
      ]),
    ),
    { severity: 'info' },
  );
  collector.report('payment provider rejected', {
    aggregationKey: 'payments/provider rejected #1',
  });
  return collector;
}

describe('ErrorExporter', () => {
  it('exports exactly the wire format', () => {
    const collector = populatedCollector();
    const exporter = new ErrorExporter(collector);
    const payload = exporter.exportPayload();

    const [syntax, db, custom] = collector.getAggregatedErrors();
    const uuids = [syntax, db, custom].map(a =>
      a.latestErrors.map(s => s.uuid),
    );
    for (const uuid of uuids.flat()) expect(uuid).toMatch(UUID_V4);

    expect(payload).toEqual({
      aggregated_errors: [
        {
          aggregation_key: syntax.aggregationKey,
          total_count: 2,
          severity: 'warning',
          latest_errors: [
            {
              error: {
                class: 'SyntaxError',
                message: 'Unexpected token }',
                stacktrace: PARSE_FRAMES,
                cause: null,
              },
              uuid: uuids[0][0],
              timestamp: '2024-05-06T07:08:09.000Z',
              severity: 'error',
              http_context: {
                request_method: 'POST',
                request_url: 'http://api.example.com/v1/users?expand=true',
                request_headers: {
                  'Content-Type': 'application/json',
                  'X-Request-Id': 'r-1',
                },
                request_body: '{"name":',
              },
            },
            {
              error: {
                class: 'SyntaxError',
                message: 'Unexpected end of JSON input',
                stacktrace: PARSE_FRAMES,
                cause: null,
              },
              uuid: uuids[0][1],
              timestamp: '2024-05-06T07:08:09.250Z',
              severity: 'warning',
              http_context: {
                request_method: 'GET',
                request_url: '/v1/users',
                request_headers: null,
                request_body: null,
              },
            },
          ],
          created_at: '2024-05-06T07:08:09.000Z',
        },
        {
          aggregation_key: db.aggregationKey,
          total_count: 1,
          severity: 'info',
          latest_errors: [
            {
              error: {
                class: 'Error',
                message: 'could not load user',
                stacktrace: DB_FRAMES,
                cause: {
                  class: 'RangeError',
                  message: 'pool exhausted',
                  stacktrace: ['at acquire (/srv/app/src/pool.js:3:1)'],
                  cause: null,
                },
              },
              uuid: uuids[1][0],
              timestamp: '2024-05-06T07:08:09.500Z',
              severity: 'info',
              http_context: null,
            },
          ],
          created_at: '2024-05-06T07:08:09.500Z',
        },
        {
          aggregation_key: 'payments/provider rejected #1',
          total_count: 1,
          severity: 'error',
          latest_errors: [
            {
              error: {
                class: 'Error',
                message: 'payment provider rejected',
                stacktrace: [],
                cause: null,
              },
              uuid: uuids[2][0],
              timestamp: '2024-05-06T07:08:09.750Z',
              severity: 'error',
              http_context: null,
            },
          ],
          created_at: '2024-05-06T07:08:09.750Z',
        },
      ],
      target_uuid: '3f2b8c5e-1d1a-4c1f-9a53-0e8f0b4a2d11',
    });
    expect(syntax.aggregationKey).toMatch(/^SyntaxError@[0-9a-f]{8}$/);
    expect(db.aggregationKey).toMatch(/^Error@[0-9a-f]{8}$/);
  });

  it('serialises exportPayload() as the JSON body', () => {
    const exporter = new ErrorExporter(populatedCollector());
    const body = exporter.export();
    expect(JSON.parse(body)).toEqual(exporter.exportPayload());
    expect(body.startsWith('{"aggregated_errors":[{"aggregation_key":')).toBe(
      true,
    );
  });

  it('exports an empty collector', () => {
    const collector = new ErrorCollector();
    expect(new ErrorExporter(collector).export()).toBe(
      `{"aggregated_errors":[],"target_uuid":"${collector.targetUuid}"}`,
    );
  });

  it('reflects reports made after it was created', () => {
    const collector = new ErrorCollector();
    const exporter = new ErrorExporter(collector);
    expect(exporter.exportPayload().aggregated_errors).toHaveLength(0);
    collector.report(new Error('late'));
    expect(exporter.exportPayload().aggregated_errors).toHaveLength(1);
  });

  describe.each(['go/01-initial.json', 'pushgateway/01-after-pushes.json'])(
    'compared with the fixture %s of the Go implementation',
    fixture => {
      it('has exactly the same keys, in the same order, at every level', () => {
        const ours = keyLayout(
          JSON.parse(new ErrorExporter(populatedCollector()).export()),
        );
        const theirs = keyLayout(JSON.parse(readFixture(fixture)));
        expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
        for (const [path, keys] of theirs) {
          expect({ path, keys: ours.get(path) }).toEqual({ path, keys });
        }
      });
    },
  );

  it('has the same key set as the Go fixture at the top and aggregate level', () => {
    const go = JSON.parse(readFixture('go/01-initial.json'));
    const ours = JSON.parse(new ErrorExporter(populatedCollector()).export());
    expect(Object.keys(ours)).toEqual(Object.keys(go));
    expect(Object.keys(ours.aggregated_errors[0])).toEqual(
      Object.keys(go.aggregated_errors[0]),
    );
    expect(Object.keys(ours.aggregated_errors[0].latest_errors[0])).toEqual(
      Object.keys(go.aggregated_errors[0].latest_errors[0]),
    );
    expect(
      Object.keys(ours.aggregated_errors[0].latest_errors[0].error),
    ).toEqual(Object.keys(go.aggregated_errors[0].latest_errors[0].error));
  });

  describe('round trip through parsePeriskopPayload', () => {
    it('parses without warnings and keeps counts, samples and contexts', () => {
      const collector = populatedCollector();
      // A full ring buffer too.
      for (let i = 0; i < 25; i += 1) {
        collector.report(errorWithStack(TypeError, `bad ${i}`, DB_FRAMES));
      }
      const exporter = new ErrorExporter(collector);
      const result = parsePeriskopPayload(exporter.export());
      if (!result.ok) {
        throw new Error(`payload rejected: ${result.reason}`);
      }
      expect(result.warnings).toEqual([]);
      expect(result.payload.targetUuid).toBe(collector.targetUuid);

      const aggregates = collector.getAggregatedErrors();
      expect(result.payload.aggregates).toHaveLength(aggregates.length);
      expect(result.payload.aggregates).toEqual(
        aggregates.map(aggregate => ({
          aggregationKey: aggregate.aggregationKey,
          totalCount: aggregate.totalCount,
          severity: aggregate.severity,
          createdAt: aggregate.createdAt,
          samples: aggregate.latestErrors.map(sample => ({
            uuid: sample.uuid,
            timestamp: sample.timestamp,
            timestampMs: Date.parse(sample.timestamp),
            severity: sample.severity,
            error: sample.error,
            httpContext: sample.httpContext && {
              requestMethod: sample.httpContext.requestMethod,
              requestUrl: sample.httpContext.requestUrl,
              requestHeaders: sample.httpContext.requestHeaders ?? {},
              requestBody: sample.httpContext.requestBody ?? null,
            },
          })),
        })),
      );
      const typeErrors = result.payload.aggregates[3];
      expect(typeErrors.totalCount).toBe(25);
      expect(typeErrors.samples).toHaveLength(10);
      expect(typeErrors.samples[9].error.message).toBe('bad 24');
    });

    it('parses the output of real errors with real stacks and a cyclic cause', () => {
      const collector = new ErrorCollector();
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      (a as { cause?: unknown }).cause = b;
      collector.report(a);
      collector.report(new TypeError('bad input'), {
        httpContext: {
          requestMethod: 'PUT',
          requestUrl: '/x',
          requestHeaders: { Authorization: 'Bearer t' },
          requestBody: null,
        },
      });
      collector.report({ status: 503 });
      const result = parsePeriskopPayload(
        new ErrorExporter(collector).export(),
      );
      if (!result.ok) {
        throw new Error(`payload rejected: ${result.reason}`);
      }
      expect(result.warnings).toEqual([]);
      expect(result.payload.aggregates.map(x => x.totalCount)).toEqual([
        1, 1, 1,
      ]);
      const [cyclic, typeError] = result.payload.aggregates;
      expect(cyclic.samples[0].error.cause?.message).toBe('b');
      expect(cyclic.samples[0].error.cause?.cause).toBeNull();
      expect(typeError.samples[0].error.stacktrace[0]).toMatch(
        /^at .*ErrorExporter\.test/,
      );
      expect(typeError.samples[0].httpContext?.requestHeaders).toEqual({
        Authorization: 'Bearer t',
      });
    });
  });
});
