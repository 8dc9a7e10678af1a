import { describeWindow, occurrencesQueryForWindow } from './occurrencesQuery';

const now = Date.parse('2026-01-31T12:00:00.000Z');
const hour = 3600 * 1000;

describe('occurrencesQueryForWindow', () => {
  it('covers 30 days with 6-hour buckets when there is no window', () => {
    expect(occurrencesQueryForWindow(undefined, now)).toEqual({
      from: '2026-01-01T12:00:00.000Z',
      to: '2026-01-31T12:00:00.000Z',
      step: 6 * 3600,
    });
  });

  it('picks readable buckets for common windows', () => {
    expect(occurrencesQueryForWindow(hour, now).step).toBe(60);
    expect(occurrencesQueryForWindow(24 * hour, now).step).toBe(900);
    expect(occurrencesQueryForWindow(7 * 24 * hour, now).step).toBe(7200);
  });

  it('never asks for more than 120 buckets', () => {
    for (const ms of [
      5 * 60 * 1000,
      3 * hour,
      90 * 24 * hour,
      800 * 24 * hour,
    ]) {
      const { from, to, step } = occurrencesQueryForWindow(ms, now);
      expect(
        (Date.parse(to) - Date.parse(from)) / 1000 / step,
      ).toBeLessThanOrEqual(120);
      expect(step).toBeGreaterThanOrEqual(60);
    }
  });
});

describe('describeWindow', () => {
  it('names the window in words', () => {
    expect(describeWindow(undefined)).toBe('the last 30 days');
    expect(describeWindow(24 * hour)).toBe('the last 24 hours');
    expect(describeWindow(7 * 24 * hour)).toBe('the last 7 days');
    expect(describeWindow(hour)).toBe('the last hour');
    expect(describeWindow(15 * 60 * 1000)).toBe('the last 15 minutes');
  });
});
