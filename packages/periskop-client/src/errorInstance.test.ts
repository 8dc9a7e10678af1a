import {
  MAX_CAUSE_DEPTH,
  parseStackTrace,
  toErrorInstance,
} from './errorInstance';
import type { ErrorInstance } from './types';

function causeDepth(instance: ErrorInstance): number {
  let depth = 0;
  for (let c = instance.cause; c; c = c.cause) depth += 1;
  return depth;
}

describe('parseStackTrace', () => {
  it('returns the frames of a V8 stack, trimmed, without the header', () => {
    const error = new Error('boom');
    const frames = parseStackTrace(error.stack);
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      expect(frame).toMatch(/^at /);
      expect(frame).toBe(frame.trim());
    }
    expect(frames[0]).toContain('errorInstance.test');
    expect(frames.join('\n')).not.toContain('boom');
  });

  it('drops a header that spans several lines, given the message', () => {
    const error = new TypeError('line one\nline two\n    at not a frame');
    const frames = parseStackTrace(error.stack, error.message);
    expect(frames[0]).toMatch(/^at .*errorInstance\.test/);
    expect(frames.join('\n')).not.toMatch(/line one|line two|not a frame/);
    expect(toErrorInstance(error).stacktrace).toEqual(frames);
  });

  it('finds the first frame of a multi-line header without the message', () => {
    const error = new TypeError('line one\nline two');
    const frames = parseStackTrace(error.stack);
    expect(frames[0]).toMatch(/^at .*errorInstance\.test/);
    expect(frames).toEqual(parseStackTrace(error.stack, error.message));
  });

  it('returns [] without a stack or without frames', () => {
    expect(parseStackTrace(undefined)).toEqual([]);
    expect(parseStackTrace('')).toEqual([]);
    expect(parseStackTrace(42)).toEqual([]);
    expect(parseStackTrace('Error: no frames')).toEqual([]);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      expect(parseStackTrace(new Error('x').stack)).toEqual([]);
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('keeps the lines after the header of a hand-made stack', () => {
    expect(
      parseStackTrace('MyError: broke\n  main.rb:3\n\n  lib.rb:7  \n'),
    ).toEqual(['main.rb:3', 'lib.rb:7']);
  });
});

describe('toErrorInstance', () => {
  describe('class', () => {
    it('is the constructor name', () => {
      class ValidationError extends Error {}
      expect(toErrorInstance(new Error('x')).class).toBe('Error');
      expect(toErrorInstance(new TypeError('x')).class).toBe('TypeError');
      expect(toErrorInstance(new RangeError('x')).class).toBe('RangeError');
      expect(toErrorInstance(new ValidationError('x')).class).toBe(
        'ValidationError',
      );
    });

    it('is the name of a generic Error or DOMException that has a more specific one', () => {
      const error = new Error('x');
      error.name = 'NotFoundError';
      expect(toErrorInstance(error).class).toBe('NotFoundError');
      expect(
        toErrorInstance(new DOMException('aborted', 'AbortError')).class,
      ).toBe('AbortError');
    });

    it('prefers a subclass name over a name property', () => {
      class HttpError extends Error {
        name = 'Error';
      }
      expect(toErrorInstance(new HttpError('x')).class).toBe('HttpError');
    });
  });

  it('records message and stack frames of an Error, and no cause', () => {
    const error = new Error('it broke');
    expect(toErrorInstance(error)).toEqual({
      class: 'Error',
      message: 'it broke',
      stacktrace: parseStackTrace(error.stack, 'it broke'),
      cause: null,
    });
  });

  it('records an Error without stack with an empty stack trace', () => {
    const error = new Error('stackless');
    delete (error as { stack?: string }).stack;
    expect(toErrorInstance(error).stacktrace).toEqual([]);
  });

  it('follows the cause chain', () => {
    const root = new RangeError('disk full');
    const middle = new Error('write failed', { cause: root });
    const top = new Error('request failed', { cause: middle });
    const instance = toErrorInstance(top);
    expect(instance.message).toBe('request failed');
    expect(instance.cause?.class).toBe('Error');
    expect(instance.cause?.message).toBe('write failed');
    expect(instance.cause?.cause).toEqual({
      class: 'RangeError',
      message: 'disk full',
      stacktrace: parseStackTrace(root.stack, 'disk full'),
      cause: null,
    });
  });

  it('records non-Error causes', () => {
    expect(
      toErrorInstance(new Error('x', { cause: 'ECONNRESET' })).cause,
    ).toEqual({
      class: 'Error',
      message: 'ECONNRESET',
      stacktrace: [],
      cause: null,
    });
    expect(
      toErrorInstance(new Error('x', { cause: { code: 42 } })).cause?.message,
    ).toBe('{"code":42}');
    expect(toErrorInstance(new Error('x', { cause: null })).cause).toBeNull();
  });

  it('stops at a cycle in the cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const instance = toErrorInstance(a);
    expect(instance.message).toBe('a');
    expect(instance.cause?.message).toBe('b');
    expect(instance.cause?.cause).toBeNull();

    const self = new Error('self');
    (self as { cause?: unknown }).cause = self;
    expect(toErrorInstance(self).cause).toBeNull();
    // And it serialises.
    expect(() => JSON.stringify(toErrorInstance(a))).not.toThrow();
  });

  it('limits the depth of the cause chain', () => {
    let error = new Error('level 0');
    for (let i = 1; i <= 50; i += 1) {
      error = new Error(`level ${i}`, { cause: error });
    }
    const instance = toErrorInstance(error);
    expect(causeDepth(instance)).toBe(MAX_CAUSE_DEPTH);
    expect(instance.message).toBe('level 50');
  });

  describe('non-Error values', () => {
    it('records strings as Error with the string as message', () => {
      expect(toErrorInstance('something went wrong')).toEqual({
        class: 'Error',
        message: 'something went wrong',
        stacktrace: [],
        cause: null,
      });
    });

    it('records other primitives as Error with their string form', () => {
      expect(toErrorInstance(404).message).toBe('404');
      expect(toErrorInstance(undefined).message).toBe('undefined');
      expect(toErrorInstance(null).message).toBe('null');
      expect(toErrorInstance(false).message).toBe('false');
      expect(toErrorInstance(10n).message).toBe('10');
      expect(toErrorInstance(Symbol('s')).message).toBe('Symbol(s)');
      expect(toErrorInstance(404).class).toBe('Error');
    });

    it('records plain objects as Error with their JSON, class instances by class', () => {
      expect(toErrorInstance({ status: 500, reason: 'upstream' })).toEqual({
        class: 'Error',
        message: '{"status":500,"reason":"upstream"}',
        stacktrace: [],
        cause: null,
      });
      class Rejection {
        constructor(readonly code: string) {}
      }
      expect(toErrorInstance(new Rejection('E1'))).toEqual({
        class: 'Rejection',
        message: '{"code":"E1"}',
        stacktrace: [],
        cause: null,
      });
    });

    it('records objects that cannot be serialised, and cuts long JSON', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(toErrorInstance(cyclic).message).toBe('[object Object]');
      const long = toErrorInstance({ text: 'x'.repeat(5000) }).message;
      expect(long.length).toBe(1001);
      expect(long.endsWith('…')).toBe(true);
    });

    it('treats error-like objects from other realms as errors', () => {
      const foreign = {
        name: 'TypeError',
        message: 'foreign',
        stack: 'TypeError: foreign\n    at somewhere (file.js:1:1)',
      };
      expect(toErrorInstance(foreign)).toEqual({
        class: 'TypeError',
        message: 'foreign',
        stacktrace: ['at somewhere (file.js:1:1)'],
        cause: null,
      });
    });

    it('never throws, even for hostile values', () => {
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error('no access');
          },
          getPrototypeOf() {
            throw new Error('no access');
          },
        },
      );
      expect(toErrorInstance(hostile)).toEqual({
        class: 'Error',
        message: 'unreadable error value',
        stacktrace: [],
        cause: null,
      });
    });
  });
});
