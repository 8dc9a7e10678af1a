import { PushGatewayError } from '@periskop-backstage/periskop-client';
import { describePushFailure, PushFailureLog } from './pushFailures';

const TARGET = {
  backendUrl: 'http://localhost:7007',
  entityRef: 'component:default/nightly-import',
};
const PUSH_URL =
  'http://localhost:7007/api/periskop/entities/default/component/nightly-import/push/errors';

function httpError(status: number, body: unknown, statusText = '') {
  return new PushGatewayError(
    PUSH_URL,
    status,
    statusText,
    typeof body === 'string' ? body : JSON.stringify(body),
  );
}

/** What undici's fetch rejects with when a connection fails. */
function fetchFailed(cause: unknown) {
  return new TypeError('fetch failed', { cause });
}

describe('describePushFailure', () => {
  it('explains the usual HTTP answers, with what the backend said', () => {
    expect(
      describePushFailure(
        httpError(
          401,
          { error: { name: 'AuthenticationError', message: 'Illegal token' } },
          'Unauthorized',
        ),
        TARGET,
      ),
    ).toEqual({
      key: 'http 401',
      text: 'the backend answered HTTP 401: it does not accept the token: DEMO_PUSH_TOKEN must be a static token of backend.auth.externalAccess in app-config.yaml ("Illegal token")',
    });
    expect(describePushFailure(httpError(404, ''), TARGET).text).toBe(
      'the backend answered HTTP 404: component:default/nightly-import is not in the catalog (yet), or has no periskop.io annotation',
    );
    expect(describePushFailure(httpError(429, {}), TARGET).text).toContain(
      'DEMO_SPEED',
    );
    expect(describePushFailure(httpError(403, {}), TARGET).text).toContain(
      'accessRestrictions',
    );
  });

  it('quotes the message of any other answer', () => {
    expect(
      describePushFailure(
        httpError(400, {
          error: { message: 'Not a Periskop payload: no aggregated_errors' },
        }),
        TARGET,
      ),
    ).toEqual({
      key: 'http 400',
      text: 'the backend answered HTTP 400: Not a Periskop payload: no aggregated_errors',
    });
    // not JSON (e.g. a proxy's page): the whole error message
    expect(
      describePushFailure(httpError(502, '<html>Bad Gateway</html>'), TARGET)
        .text,
    ).toBe(
      `the backend answered HTTP 502: Periskop push gateway ${PUSH_URL} answered HTTP 502: <html>Bad Gateway</html>`,
    );
  });

  it('explains network failures without a stack trace', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:7007'), {
      code: 'ECONNREFUSED',
    });
    expect(describePushFailure(fetchFailed(refused), TARGET)).toEqual({
      key: 'ECONNREFUSED',
      text: 'nothing listens at http://localhost:7007 (connection refused): is the backend up yet?',
    });
    // localhost resolves to ::1 and 127.0.0.1: undici tries both
    const both = new AggregateError([refused, refused]);
    expect(describePushFailure(fetchFailed(both), TARGET).key).toBe(
      'ECONNREFUSED',
    );
    const unknownHost = Object.assign(new Error('getaddrinfo ENOTFOUND'), {
      code: 'ENOTFOUND',
    });
    expect(describePushFailure(fetchFailed(unknownHost), TARGET)).toEqual({
      key: 'ENOTFOUND',
      text: 'cannot reach http://localhost:7007 (ENOTFOUND)',
    });
    expect(
      describePushFailure(
        new DOMException(
          'The operation was aborted due to timeout',
          'TimeoutError',
        ),
        TARGET,
      ),
    ).toEqual({ key: 'timeout', text: 'the backend did not answer in time' });
    expect(describePushFailure(new Error('boom'), TARGET)).toEqual({
      key: 'boom',
      text: 'boom',
    });
  });
});

describe('PushFailureLog', () => {
  it('prints each failure once until a success, then again', () => {
    const lines: string[] = [];
    const log = new PushFailureLog(line => lines.push(line));
    const line = (text: string) => `job: ${text}`;
    const a = { key: 'a', text: 'A' };
    const b = { key: 'b', text: 'B' };

    log.failed(a, line);
    log.failed(a, line);
    log.failed(b, line);
    log.failed(a, line); // still not printed again: no success in between
    expect(lines).toEqual(['job: A', 'job: B']);

    expect(log.succeeded()).toBe(true);
    expect(log.succeeded()).toBe(false);
    log.failed(a, line);
    expect(lines).toEqual(['job: A', 'job: B', 'job: A']);
  });
});
