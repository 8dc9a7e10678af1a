import { mockServices } from '@backstage/backend-test-utils';
import { StorageOutageLog } from './StorageOutageLog';

function connectionRefused() {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
}

describe('StorageOutageLog', () => {
  it('logs an unreachable database once per interval, with the targets it hit meanwhile', () => {
    const logger = mockServices.logger.mock();
    let now = 0;
    const log = new StorageOutageLog(logger, () => now, 60_000);

    for (let i = 0; i < 1000; i++) {
      log.storeFailed(
        `http://10.0.0.${i % 250}:8080 (component:default/a)`,
        connectionRefused(),
      );
    }
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][0]).toBe(
      'Failed to store the scrape of http://10.0.0.0:8080 (component:default/a): the database cannot be reached',
    );

    now = 60_000;
    log.storeFailed(
      'http://10.0.0.1:8080 (component:default/a)',
      connectionRefused(),
    );
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error.mock.calls[1][0]).toBe(
      'Failed to store the scrape of http://10.0.0.1:8080 (component:default/a): the database cannot be reached; 999 more target(s) failed the same way since the last such line',
    );
    expect(logger.error.mock.calls[1][1]).toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('logs every other store failure in full', () => {
    const logger = mockServices.logger.mock();
    const log = new StorageOutageLog(logger, () => 0, 60_000);
    const failure = new Error('duplicate key value violates unique constraint');

    log.storeFailed('http://a:1 (component:default/a)', failure);
    log.storeFailed('http://b:1 (component:default/b)', failure);

    expect(logger.error.mock.calls).toEqual([
      [
        'Failed to store the scrape of http://a:1 (component:default/a)',
        failure,
      ],
      [
        'Failed to store the scrape of http://b:1 (component:default/b)',
        failure,
      ],
    ]);
  });
});
