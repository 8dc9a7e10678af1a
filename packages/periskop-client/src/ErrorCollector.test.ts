import { ErrorCollector } from './ErrorCollector';

const UUID_V4 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

class PaymentError extends Error {}

// Two helpers that only add stack frames.
function viaOne<T>(fn: () => T): T {
  return fn();
}
function viaTwo<T>(fn: () => T): T {
  return fn();
}

// Distinct throw sites whose first four stack frames (the ones the key is
// computed from) do not depend on the caller, so every call aggregates.
function failAtSiteA(message = 'site A'): Error {
  return viaOne(() => viaTwo(() => new Error(message)));
}
function failAtSiteB(message = 'site B'): Error {
  return viaOne(() => viaTwo(() => new Error(message)));
}
function failWithPaymentError(message: string): Error {
  return viaOne(() => viaTwo(() => new PaymentError(message)));
}

/** A clock that advances one second per call, from a fixed start. */
function steppingClock(start = Date.UTC(2024, 0, 2, 3, 4, 5, 678)) {
  let calls = 0;
  return () => new Date(start + 1000 * calls++);
}

describe('ErrorCollector', () => {
  describe('targetUuid', () => {
    it('is a random v4 UUID, stable per collector and different per collector', () => {
      const a = new ErrorCollector();
      const b = new ErrorCollector();
      expect(a.targetUuid).toMatch(UUID_V4);
      expect(b.targetUuid).toMatch(UUID_V4);
      expect(a.targetUuid).not.toBe(b.targetUuid);
      const before = a.targetUuid;
      a.report(new Error('x'));
      expect(a.targetUuid).toBe(before);
    });

    it('takes the given one', () => {
      expect(new ErrorCollector({ targetUuid: 'pod-7' }).targetUuid).toBe(
        'pod-7',
      );
    });
  });

  it('rejects invalid options', () => {
    expect(() => new ErrorCollector({ maxSamplesPerKey: 0 })).toThrow(
      RangeError,
    );
    expect(() => new ErrorCollector({ maxSamplesPerKey: 2.5 })).toThrow(
      /positive integer/,
    );
    expect(() => new ErrorCollector({ targetUuid: '' })).toThrow(RangeError);
  });

  describe('aggregation keys', () => {
    it('aggregates the same throw site under one Class@hash key, whatever the message', () => {
      const collector = new ErrorCollector();
      for (let i = 0; i < 3; i += 1) {
        collector.report(failAtSiteA(`user ${i} not found`));
      }
      const aggregates = collector.getAggregatedErrors();
      expect(aggregates).toHaveLength(1);
      expect(aggregates[0].aggregationKey).toMatch(/^Error@[0-9a-f]{8}$/);
      expect(aggregates[0].totalCount).toBe(3);
      expect(aggregates[0].latestErrors.map(s => s.error.message)).toEqual([
        'user 0 not found',
        'user 1 not found',
        'user 2 not found',
      ]);
    });

    it('gives the same key in another collector (stable across processes)', () => {
      const a = new ErrorCollector();
      const b = new ErrorCollector();
      a.report(failAtSiteA());
      b.report(failAtSiteA());
      expect(a.getAggregatedErrors()[0].aggregationKey).toBe(
        b.getAggregatedErrors()[0].aggregationKey,
      );
    });

    it('separates different throw sites and classes', () => {
      const collector = new ErrorCollector();
      collector.report(failAtSiteA('same message'));
      collector.report(failAtSiteB('same message'));
      collector.report(failWithPaymentError('declined'));
      const keys = collector.getAggregatedErrors().map(a => a.aggregationKey);
      expect(new Set(keys).size).toBe(3);
      expect(keys[0]).toMatch(/^Error@[0-9a-f]{8}$/);
      expect(keys[1]).toMatch(/^Error@[0-9a-f]{8}$/);
      expect(keys[2]).toMatch(/^PaymentError@[0-9a-f]{8}$/);
    });

    it('honours a custom aggregation key', () => {
      const collector = new ErrorCollector();
      const key = 'payments/provider rejected #1';
      collector.report(failAtSiteA(), { aggregationKey: key });
      collector.report(failAtSiteB(), { aggregationKey: key });
      collector.report('a string', { aggregationKey: key });
      collector.report(failAtSiteA());
      const aggregates = collector.getAggregatedErrors();
      expect(aggregates).toHaveLength(2);
      expect(aggregates[0].aggregationKey).toBe(key);
      expect(aggregates[0].totalCount).toBe(3);
      expect(aggregates[0].latestErrors.map(s => s.error.message)).toEqual([
        'site A',
        'site B',
        'a string',
      ]);
      expect(aggregates[1].aggregationKey).toMatch(/^Error@/);
      expect(aggregates[1].totalCount).toBe(1);
    });

    it('falls back to the computed key for an empty custom key', () => {
      const collector = new ErrorCollector();
      collector.report(failAtSiteA(), { aggregationKey: '' });
      expect(collector.getAggregatedErrors()[0].aggregationKey).toMatch(
        /^Error@[0-9a-f]{8}$/,
      );
    });
  });

  it('counts every report per key, keys in first-report order', () => {
    const collector = new ErrorCollector();
    collector.report(failAtSiteB());
    for (let i = 0; i < 3; i += 1) collector.report(failAtSiteA());
    collector.report(failAtSiteB());
    const aggregates = collector.getAggregatedErrors();
    expect(aggregates.map(a => a.totalCount)).toEqual([2, 3]);
    expect(aggregates.map(a => a.latestErrors[0].error.message)).toEqual([
      'site B',
      'site A',
    ]);
  });

  describe('samples', () => {
    it('keeps the 10 newest samples of 25 reports, oldest first, and counts all 25', () => {
      const collector = new ErrorCollector();
      for (let i = 0; i < 25; i += 1) {
        collector.report(failAtSiteA(`occurrence ${i}`));
      }
      const [aggregate] = collector.getAggregatedErrors();
      expect(aggregate.totalCount).toBe(25);
      expect(aggregate.latestErrors).toHaveLength(10);
      expect(aggregate.latestErrors.map(s => s.error.message)).toEqual(
        Array.from({ length: 10 }, (_, i) => `occurrence ${15 + i}`),
      );
    });

    it('honours maxSamplesPerKey and stays bounded', () => {
      const collector = new ErrorCollector({ maxSamplesPerKey: 3 });
      for (let i = 0; i < 1000; i += 1) {
        collector.report(failAtSiteA(`occurrence ${i}`));
      }
      const [aggregate] = collector.getAggregatedErrors();
      expect(aggregate.totalCount).toBe(1000);
      expect(aggregate.latestErrors.map(s => s.error.message)).toEqual([
        'occurrence 997',
        'occurrence 998',
        'occurrence 999',
      ]);
    });

    it('gives every sample its own v4 UUID', () => {
      const collector = new ErrorCollector();
      for (let i = 0; i < 30; i += 1) {
        collector.report(i % 2 ? failAtSiteA() : failAtSiteB());
      }
      const uuids = collector
        .getAggregatedErrors()
        .flatMap(a => a.latestErrors.map(s => s.uuid));
      expect(uuids).toHaveLength(20);
      expect(new Set(uuids).size).toBe(20);
      for (const uuid of uuids) {
        expect(uuid).toMatch(UUID_V4);
        expect(uuid).not.toBe(collector.targetUuid);
      }
    });

    it('timestamps samples in RFC 3339 with milliseconds and keeps created_at from the first report', () => {
      const collector = new ErrorCollector({ now: steppingClock() });
      collector.report(failAtSiteA());
      collector.report(failAtSiteA());
      collector.report(failAtSiteA());
      const [aggregate] = collector.getAggregatedErrors();
      expect(aggregate.createdAt).toBe('2024-01-02T03:04:05.678Z');
      expect(aggregate.latestErrors.map(s => s.timestamp)).toEqual([
        '2024-01-02T03:04:05.678Z',
        '2024-01-02T03:04:06.678Z',
        '2024-01-02T03:04:07.678Z',
      ]);
    });

    it('uses the real clock by default', () => {
      const before = Date.now();
      const collector = new ErrorCollector();
      collector.report(failAtSiteA());
      const [aggregate] = collector.getAggregatedErrors();
      const timestamp = aggregate.latestErrors[0].timestamp;
      expect(timestamp).toMatch(ISO_MS);
      expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(timestamp)).toBeLessThanOrEqual(Date.now());
      expect(aggregate.createdAt).toBe(timestamp);
    });
  });

  describe('severity', () => {
    it('defaults to error, is kept per sample, and the aggregate takes the newest', () => {
      const collector = new ErrorCollector();
      collector.report(failAtSiteA());
      collector.report(failAtSiteA(), { severity: 'info' });
      collector.report(failAtSiteA(), { severity: 'warning' });
      const [aggregate] = collector.getAggregatedErrors();
      expect(aggregate.latestErrors.map(s => s.severity)).toEqual([
        'error',
        'info',
        'warning',
      ]);
      expect(aggregate.severity).toBe('warning');
    });

    it('treats an unknown severity from untyped callers as error', () => {
      const collector = new ErrorCollector();
      collector.report(failAtSiteA(), { severity: 'fatal' as any });
      expect(collector.getAggregatedErrors()[0].severity).toBe('error');
    });
  });

  describe('http context', () => {
    it('records the context as a copy, and null without one', () => {
      const collector = new ErrorCollector();
      const headers: Record<string, string> = { 'X-Request-Id': 'r-1' };
      const context = {
        requestMethod: 'POST',
        requestUrl: 'http://api.example.com/v1/users?expand=true',
        requestHeaders: headers,
        requestBody: '{"name":"x"}',
      };
      collector.report(failAtSiteA(), { httpContext: context });
      collector.report(failAtSiteA());
      headers['X-Request-Id'] = 'changed';
      context.requestUrl = 'changed';
      const samples = collector.getAggregatedErrors()[0].latestErrors;
      expect(samples[0].httpContext).toEqual({
        requestMethod: 'POST',
        requestUrl: 'http://api.example.com/v1/users?expand=true',
        requestHeaders: { 'X-Request-Id': 'r-1' },
        requestBody: '{"name":"x"}',
      });
      expect(samples[1].httpContext).toBeNull();
    });

    it('coerces header values from untyped callers to strings', () => {
      const collector = new ErrorCollector();
      collector.report(failAtSiteA(), {
        httpContext: {
          requestMethod: 'GET',
          requestUrl: '/',
          requestHeaders: {
            accept: ['a', 'b'],
            'content-length': 12,
            gone: undefined,
          } as any,
        },
      });
      expect(
        collector.getAggregatedErrors()[0].latestErrors[0].httpContext,
      ).toEqual({
        requestMethod: 'GET',
        requestUrl: '/',
        requestHeaders: { accept: 'a, b', 'content-length': '12' },
      });
    });
  });

  it('returns snapshots that later reports and caller mutations do not change', () => {
    const collector = new ErrorCollector();
    collector.report(failAtSiteA(), {
      httpContext: {
        requestMethod: 'GET',
        requestUrl: '/',
        requestHeaders: { a: '1' },
      },
    });
    const snapshot = collector.getAggregatedErrors();
    snapshot[0].latestErrors[0].error.stacktrace.push('tampered');
    snapshot[0].latestErrors[0].httpContext!.requestHeaders!.a = 'tampered';
    snapshot[0].latestErrors.pop();
    collector.report(failAtSiteA());
    expect(snapshot[0].totalCount).toBe(1);
    const fresh = collector.getAggregatedErrors()[0];
    expect(fresh.totalCount).toBe(2);
    expect(fresh.latestErrors).toHaveLength(2);
    expect(fresh.latestErrors[0].error.stacktrace).not.toContain('tampered');
    expect(fresh.latestErrors[0].httpContext!.requestHeaders).toEqual({
      a: '1',
    });
  });

  it('records errors with their cause chain and non-Error values', () => {
    const collector = new ErrorCollector();
    collector.report(new Error('outer', { cause: new TypeError('inner') }));
    collector.report('just a string');
    collector.report(undefined);
    const errors = collector
      .getAggregatedErrors()
      .map(a => a.latestErrors[0].error);
    expect(errors[0].class).toBe('Error');
    expect(errors[0].cause).toMatchObject({
      class: 'TypeError',
      message: 'inner',
      cause: null,
    });
    expect(errors[1]).toEqual({
      class: 'Error',
      message: 'just a string',
      stacktrace: [],
      cause: null,
    });
    expect(errors[2]).toEqual({
      class: 'Error',
      message: 'undefined',
      stacktrace: [],
      cause: null,
    });
  });
});
