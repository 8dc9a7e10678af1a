import { isConnectionLost } from './isConnectionLost';

function withCode(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isConnectionLost', () => {
  it('recognises a database that is down, restarting or cut off', () => {
    expect(isConnectionLost(withCode('ECONNREFUSED'))).toBe(true);
    expect(isConnectionLost(withCode('ECONNRESET'))).toBe(true);
    expect(isConnectionLost(withCode('57P01'))).toBe(true); // admin_shutdown
    expect(isConnectionLost(withCode('57P03'))).toBe(true); // starting up
    expect(isConnectionLost(withCode('08006'))).toBe(true);
    expect(isConnectionLost(withCode('PROTOCOL_CONNECTION_LOST'))).toBe(true);
    expect(
      isConnectionLost(new Error('Connection terminated unexpectedly')),
    ).toBe(true);
    expect(
      isConnectionLost(
        new Error(
          'ROLLBACK - Client has encountered a connection error and is not queryable',
        ),
      ),
    ).toBe(true);
    expect(
      isConnectionLost(
        Object.assign(new Error('Knex: Timeout acquiring a connection'), {
          name: 'KnexTimeoutError',
        }),
      ),
    ).toBe(true);
  });

  it('looks into causes and aggregate errors', () => {
    expect(
      isConnectionLost(new AggregateError([withCode('ECONNREFUSED')], '')),
    ).toBe(true);
    expect(
      isConnectionLost(new Error('outer', { cause: withCode('ECONNRESET') })),
    ).toBe(true);
  });

  it('leaves errors of the statement alone', () => {
    expect(isConnectionLost(withCode('23505'))).toBe(false); // unique_violation
    expect(isConnectionLost(withCode('40P01'))).toBe(false); // deadlock
    expect(isConnectionLost(withCode('ER_PARSE_ERROR'))).toBe(false);
    expect(isConnectionLost(withCode('SQLITE_CONSTRAINT'))).toBe(false);
    expect(isConnectionLost(new TypeError('x is undefined'))).toBe(false);
    expect(isConnectionLost(undefined)).toBe(false);
    expect(isConnectionLost('ECONNREFUSED')).toBe(false);
  });
});
