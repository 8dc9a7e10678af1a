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

  describe('acquire', () => {
    it('hands a released slot to the first waiter, and a second release gives nothing back', async () => {
      const semaphore = new Semaphore(1);
      const release = await semaphore.acquire();
      const order: string[] = [];
      const first = semaphore.acquire().then(r => {
        order.push('first');
        return r;
      });
      const second = semaphore.acquire().then(r => {
        order.push('second');
        return r;
      });
      release();
      release(); // idempotent: must not free a second slot
      const releaseFirst = await first;
      await new Promise(resolve => setTimeout(resolve, 5));
      expect(order).toEqual(['first']);
      releaseFirst();
      (await second)();
      expect(order).toEqual(['first', 'second']);
    });

    it('takes a waiter whose signal aborts out of the queue, with the signal reason', async () => {
      const semaphore = new Semaphore(1);
      const release = await semaphore.acquire();
      const controller = new AbortController();
      const abandoned = semaphore.acquire(controller.signal);
      const next = semaphore.acquire();
      const reason = new Error('gave up');
      controller.abort(reason);
      await expect(abandoned).rejects.toBe(reason);
      release();
      // the slot went to the waiter behind the abandoned one
      await expect(next).resolves.toEqual(expect.any(Function));
    });

    it('rejects at once when the signal is already aborted and no slot is free', async () => {
      const semaphore = new Semaphore(1);
      const controller = new AbortController();
      controller.abort(new Error('already'));
      // a free slot is granted whatever the signal says
      const release = await semaphore.acquire(controller.signal);
      await expect(semaphore.acquire(controller.signal)).rejects.toThrow(
        'already',
      );
      release();
    });
  });
});
