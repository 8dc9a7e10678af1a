import { formatBytes } from './formatBytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024 - 1, '1 MiB'],
    [1024 * 1024 - 200, '1023.8 KiB'],
    [1024 * 1024, '1 MiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [10485760, '10 MiB'],
    [2.25 * 1024 * 1024, '2.3 MiB'],
    [5 * 1024 ** 3, '5 GiB'],
    [3 * 1024 ** 4, '3 TiB'],
    [2048 * 1024 ** 4, '2048 TiB'],
    [1023.6, '1 KiB'],
  ])('formats %p as %p', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it('rounds fractional byte counts below 1 KiB', () => {
    expect(formatBytes(12.4)).toBe('12 B');
  });
});
