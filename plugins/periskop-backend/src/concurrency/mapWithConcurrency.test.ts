import { mapWithConcurrency } from './mapWithConcurrency';

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async n => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise(r => setTimeout(r, n * 5));
      inFlight -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('starts nothing new once aborted and leaves those results undefined', async () => {
    const controller = new AbortController();
    const results = await mapWithConcurrency(
      [1, 2, 3, 4],
      1,
      async n => {
        if (n === 2) controller.abort();
        return n;
      },
      controller.signal,
    );
    expect(results).toEqual([1, 2, undefined, undefined]);
  });
});
