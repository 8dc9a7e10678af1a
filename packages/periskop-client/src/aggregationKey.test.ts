import {
  AGGREGATION_KEY_FRAMES,
  computeAggregationKey,
} from './aggregationKey';
import type { ErrorInstance } from './types';

function instance(overrides: Partial<ErrorInstance>): ErrorInstance {
  return {
    class: 'Error',
    message: 'm',
    stacktrace: [],
    cause: null,
    ...overrides,
  };
}

const FRAMES = [
  'at parse (/srv/app/parse.js:10:11)',
  'at handle (/srv/app/handler.js:20:5)',
  'at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
  'at next (/srv/app/node_modules/express/lib/router/route.js:149:13)',
  'at Route.dispatch (/srv/app/node_modules/express/lib/router/route.js:119:3)',
];

describe('computeAggregationKey', () => {
  it('is Class@ followed by 8 hex digits', () => {
    expect(
      computeAggregationKey(
        instance({ class: 'TypeError', stacktrace: FRAMES }),
      ),
    ).toMatch(/^TypeError@[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    const a = computeAggregationKey(instance({ stacktrace: FRAMES }));
    const b = computeAggregationKey(instance({ stacktrace: [...FRAMES] }));
    expect(a).toBe(b);
  });

  it('uses the first four frames and not the message', () => {
    expect(AGGREGATION_KEY_FRAMES).toBe(4);
    const base = computeAggregationKey(
      instance({ stacktrace: FRAMES, message: 'user 1 not found' }),
    );
    expect(
      computeAggregationKey(
        instance({
          stacktrace: [...FRAMES.slice(0, 4), 'at somethingElse (x.js:1:1)'],
          message: 'user 2 not found',
        }),
      ),
    ).toBe(base);
    expect(
      computeAggregationKey(
        instance({
          stacktrace: [
            'at parse (/srv/app/parse.js:12:11)',
            ...FRAMES.slice(1),
          ],
        }),
      ),
    ).not.toBe(base);
    expect(
      computeAggregationKey(
        instance({
          stacktrace: [
            ...FRAMES.slice(0, 3),
            'at other (/srv/app/other.js:1:1)',
          ],
        }),
      ),
    ).not.toBe(base);
  });

  it('keeps the class in the key', () => {
    const a = computeAggregationKey(instance({ stacktrace: FRAMES }));
    const b = computeAggregationKey(
      instance({ class: 'RangeError', stacktrace: FRAMES }),
    );
    expect(a.split('@')[1]).toBe(b.split('@')[1]);
    expect(a).not.toBe(b);
  });

  it('tells errors without stack trace apart by message', () => {
    const a = computeAggregationKey(instance({ message: 'timeout' }));
    const a2 = computeAggregationKey(instance({ message: 'timeout' }));
    const b = computeAggregationKey(instance({ message: 'refused' }));
    expect(a).toBe(a2);
    expect(a).not.toBe(b);
  });

  it('ignores Promise.all indices in async frames', () => {
    const withIndex = (i: number) =>
      instance({
        stacktrace: [
          'at load (/srv/app/load.js:3:9)',
          `at async Promise.all (index ${i})`,
          'at async main (/srv/app/main.js:8:3)',
        ],
      });
    expect(computeAggregationKey(withIndex(0))).toBe(
      computeAggregationKey(withIndex(7)),
    );
  });
});
