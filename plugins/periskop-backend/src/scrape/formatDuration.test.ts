import { formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [1, '1ms'],
    [200, '200ms'],
    [499.6, '500ms'],
    [999, '999ms'],
    [999.6, '1s'],
    [1000, '1s'],
    [1234, '1.2s'],
    [1500, '1.5s'],
    [10000, '10s'],
    [59999, '60s'],
    [120000, '120s'],
  ])('formats %p as %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
