import { mockServices } from '@backstage/backend-test-utils';
import { retryWhileStorageDown } from './retryWhileStorageDown';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });

/** A call that fails `failures` times with `error`, then answers 'stored'. */
function flakyCall(failures: number, error: () => Error) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    if (calls <= failures) throw error();
    return 'stored';
  };
  return { call, calls: () => calls };
}

describe('retryWhileStorageDown', () => {
  it('waits for a database that is down, logging the outage once and the recovery', async () => {
    const logger = mockServices.logger.mock();
    const { call, calls } = flakyCall(3, refused);
    await expect(
      retryWhileStorageDown(call, {
        what: 'recording the health of 2 targets',
        logger,
        signal: new AbortController().signal,
        firstWaitMs: 1,
      }),
    ).resolves.toBe('stored');
    expect(calls()).toBe(4);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      "Periskop scrape cycle: storage error while recording the health of 2 targets; waiting for the database until the task's timeout",
      expect.objectContaining({ code: 'ECONNREFUSED' }),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Periskop scrape cycle: the database is back after \d+s, done recording the health of 2 targets$/,
      ),
    );
  });

  it('fails at once without a signal, or for an error of the statement', async () => {
    const logger = mockServices.logger.mock();
    const unbounded = flakyCall(1, refused);
    await expect(
      retryWhileStorageDown(unbounded.call, { what: 'x', logger }),
    ).rejects.toThrow('ECONNREFUSED');
    expect(unbounded.calls()).toBe(1);

    const statement = flakyCall(1, () =>
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    );
    await expect(
      retryWhileStorageDown(statement.call, {
        what: 'x',
        logger,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow('duplicate key');
    expect(statement.calls()).toBe(1);
    expect(logger.error).toHaveBeenCalledWith(
      'Periskop scrape cycle failed: storage error while x',
      expect.anything(),
    );
  });

  it('gives up when the signal aborts (the task timed out)', async () => {
    const logger = mockServices.logger.mock();
    const controller = new AbortController();
    const down = flakyCall(Infinity, refused);
    const retried = retryWhileStorageDown(down.call, {
      what: 'reading the scrape states',
      logger,
      signal: controller.signal,
      firstWaitMs: 10_000,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(retried).rejects.toThrow('ECONNREFUSED');
    // the first try, and one more when the wait was cut short
    expect(down.calls()).toBe(2);
    expect(logger.error).toHaveBeenLastCalledWith(
      'Periskop scrape cycle failed: storage error while reading the scrape states; the database was not back in time',
    );
  });
});
