import { Semaphore } from './Semaphore';

describe('Semaphore', () => {
  it('runs at most size functions at once, in arrival order, and passes results and errors through', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) =>
      semaphore.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise(resolve => setTimeout(resolve, 5));
        running--;
        if (i === 3) throw new Error('three');
        return i * 10;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(
      results.map(r => (r.status === 'fulfilled' ? r.value : 'x')),
    ).toEqual([0, 10, 20, 'x', 40]);
    // the slot of the failed task was given back
    await expect(semaphore.run(async () => 'again')).resolves.toBe('again');
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
  });
});
