import { InputError } from '@backstage/errors';
import { parseOccurrencesQuery } from './parseOccurrencesQuery';

const NOW = Date.UTC(2026, 10, 21, 10, 0);
const HOUR = 3_600_000;

describe('parseOccurrencesQuery', () => {
  it('defaults to the last 24 hours in 5-minute steps (288 points)', () => {
    expect(parseOccurrencesQuery({}, NOW)).toEqual({
      from: NOW - 24 * HOUR,
      to: NOW,
      stepMs: 300_000,
      stepSeconds: 300,
    });
  });

  it('picks the smallest step that gives at most 300 points', () => {
    const from = new Date(NOW - 2 * HOUR).toISOString();
    expect(parseOccurrencesQuery({ from }, NOW).stepSeconds).toBe(60);
    const week = new Date(NOW - 7 * 24 * HOUR).toISOString();
    expect(parseOccurrencesQuery({ from: week }, NOW).stepSeconds).toBe(3600);
    const year = new Date(NOW - 365 * 24 * HOUR).toISOString();
    expect(parseOccurrencesQuery({ from: year }, NOW).stepSeconds).toBe(86400);
  });

  it('keeps the step the caller gives', () => {
    expect(parseOccurrencesQuery({ step: '900' }, NOW)).toMatchObject({
      stepMs: 900_000,
      stepSeconds: 900,
    });
  });

  it.each([
    [{ step: '59' }, 'Invalid query parameter "step": must be at least 60'],
    [
      { from: '2025-11-21T10:00:00Z', step: '60' },
      'Invalid query parameter "step": gives more than 10000 points for this window; use a larger step',
    ],
    [
      { from: '2026-11-22T10:00:00Z' },
      'Invalid query parameter "from": must be before "to"',
    ],
    [
      { to: 'soon' },
      'Invalid query parameter "to": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [{ limit: '5' }, 'Unknown query parameter "limit"'],
  ])('rejects %j', (query, message) => {
    expect(() => parseOccurrencesQuery(query, NOW)).toThrow(
      new InputError(message),
    );
  });
});
