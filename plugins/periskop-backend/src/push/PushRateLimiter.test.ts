import { PushRateLimiter } from './PushRateLimiter';

describe('PushRateLimiter', () => {
  it('allows the configured pushes per key and minute, then says when to retry', () => {
    let now = 1_000_000;
    const limiter = new PushRateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60);
    // other keys are not affected
    expect(limiter.take('b')).toBe(0);
    now += 45_500;
    expect(limiter.take('a')).toBe(15);
    now += 14_500;
    expect(limiter.take('a')).toBe(0);
  });

  it('stays bounded in memory whatever the number of keys', () => {
    let now = 0;
    const limiter = new PushRateLimiter(1, () => now);
    for (let i = 0; i < 25_000; i += 1) {
      expect(limiter.take(`key-${i}`)).toBe(0);
    }
    // the oldest windows made room for the newest ones
    expect(limiter.take('key-24999')).toBeGreaterThan(0);
    now += 60_000;
    expect(limiter.take('key-24999')).toBe(0);
  });
});
