import { InputError } from '@backstage/errors';
import { parseSummaryQuery } from './parseSummaryQuery';

const NOW = Date.UTC(2026, 10, 21, 10, 30);

describe('parseSummaryQuery', () => {
  it('ranks five groups over the sparkline window by default', () => {
    expect(parseSummaryQuery({}, NOW)).toEqual({
      top: 5,
      window: {
        from: Date.UTC(2026, 10, 20, 11),
        to: Date.UTC(2026, 10, 21, 11),
        stepMs: 3_600_000,
      },
    });
  });

  it('reads top', () => {
    expect(parseSummaryQuery({ top: '0' }, NOW).top).toBe(0);
    expect(parseSummaryQuery({ top: '50' }, NOW).top).toBe(50);
  });

  it.each([
    [{ top: '51' }, 'Invalid query parameter "top": must be at most 50'],
    [{ top: '-1' }, 'Invalid query parameter "top": must be a whole number'],
    [{ limit: '5' }, 'Unknown query parameter "limit"'],
  ])('rejects %j', (query, message) => {
    expect(() => parseSummaryQuery(query, NOW)).toThrow(
      new InputError(message),
    );
  });
});
