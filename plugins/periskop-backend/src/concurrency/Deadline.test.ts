import { Deadline, withTimeout } from './Deadline';

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

describe('Deadline', () => {
  it('aborts at the time limit, with cause "timeout"', async () => {
    const deadline = new Deadline(10);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.cause).toBeUndefined();
    await sleep(30);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.cause).toBe('timeout');
    deadline.dispose();
  });

  it('aborts with the caller\'s signal and reason, with cause "caller"', () => {
    const caller = new AbortController();
    const deadline = new Deadline(10_000, caller.signal);
    const reason = new Error('stop');
    caller.abort(reason);
    expect(deadline.cause).toBe('caller');
    expect(deadline.signal.reason).toBe(reason);
    deadline.dispose();
  });

  it('is aborted from the start when the caller signal already is', () => {
    const caller = new AbortController();
    caller.abort();
    const deadline = new Deadline(10_000, caller.signal);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.cause).toBe('caller');
    deadline.dispose();
  });

  it('keeps the first cause', async () => {
    const caller = new AbortController();
    const deadline = new Deadline(5, caller.signal);
    await sleep(20);
    caller.abort();
    expect(deadline.cause).toBe('timeout');
    deadline.dispose();
  });

  it('does nothing more once disposed', async () => {
    const caller = new AbortController();
    const deadline = new Deadline(5, caller.signal);
    deadline.dispose();
    caller.abort();
    await sleep(20);
    expect(deadline.signal.aborted).toBe(false);
  });
});

describe('withTimeout', () => {
  const timeoutError = () => new Error('too slow');

  it('passes the result and the error of the work through', async () => {
    await expect(
      withTimeout(Promise.resolve(42), { timeoutMs: 1000, timeoutError }),
    ).resolves.toBe(42);
    await expect(
      withTimeout(Promise.reject(new Error('failed')), {
        timeoutMs: 1000,
        timeoutError,
      }),
    ).rejects.toThrow('failed');
  });

  it('rejects with the timeout error when the work takes too long', async () => {
    await expect(
      withTimeout(sleep(1000), { timeoutMs: 10, timeoutError }),
    ).rejects.toThrow('too slow');
  });

  it('rejects with the reason of the signal when it aborts first', async () => {
    const caller = new AbortController();
    const reason = new Error('aborted');
    const result = withTimeout(sleep(1000), {
      timeoutMs: 5000,
      timeoutError,
      signal: caller.signal,
    });
    caller.abort(reason);
    await expect(result).rejects.toBe(reason);
  });

  it('rejects at once when the signal is already aborted, even if the work is done', async () => {
    const caller = new AbortController();
    const reason = new Error('aborted before');
    caller.abort(reason);
    await expect(
      withTimeout(Promise.resolve('done'), {
        timeoutMs: 5000,
        timeoutError,
        signal: caller.signal,
      }),
    ).rejects.toBe(reason);
  });
});
