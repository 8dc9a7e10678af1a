import { describeNetworkError, isStaleSocket } from './describeNetworkError';

const target = new URL('http://api.svc:9113/-/exceptions');

function netError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? 'boom')), fields);
}

describe('describeNetworkError', () => {
  it.each([
    [
      { code: 'ECONNREFUSED', address: '10.0.0.1', port: 9113 },
      'connection refused (10.0.0.1:9113)',
    ],
    [
      { code: 'ECONNREFUSED', address: '::1', port: 9113 },
      'connection refused ([::1]:9113)',
    ],
    [{ code: 'ECONNREFUSED' }, 'connection refused (api.svc:9113)'],
    [{ code: 'ENOTFOUND' }, 'host not found: api.svc'],
    [
      { code: 'EAI_AGAIN', hostname: 'x.svc' },
      'DNS lookup failed (try again later): x.svc',
    ],
    [{ code: 'ECONNRESET' }, 'connection reset'],
    [{ code: 'UND_ERR_SOCKET' }, 'connection closed by the server'],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timed out after 1.5s'],
    [{ code: 'UND_ERR_DESTROYED' }, 'fetcher closed'],
    [
      { code: 'HPE_INVALID_CONSTANT', reason: 'Expected HTTP/' },
      'invalid HTTP response: Expected HTTP/',
    ],
    [
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'wrong version number' },
      'TLS error: wrong version number',
    ],
    [
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed\ncert' },
      'TLS error: certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      {
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        reason:
          "Host: 10.1.2.3. is not in the cert's altnames: DNS:vault.corp.internal",
      },
      'TLS error: the certificate does not name this host',
    ],
    [
      { code: 'ERR_TLS_HANDSHAKE_TIMEOUT' },
      'TLS error: ERR_TLS_HANDSHAKE_TIMEOUT',
    ],
    [
      { code: 'UND_ERR_RESPONSE', message: 'server said: s3cr3t-value' },
      'request failed (UND_ERR_RESPONSE)',
    ],
    [
      { code: 'EPERISKOPBLOCKED', message: 'blocked by policy' },
      'blocked by policy',
    ],
    [{ message: '' }, 'request failed'],
    [{ code: 'EWEIRD', message: '' }, 'request failed (EWEIRD)'],
  ])('words %j', (fields, expected) => {
    expect(describeNetworkError(netError(fields), target, 1500)).toBe(expected);
  });

  it('lists every address tried when all failed the same way', () => {
    const error = netError({
      code: 'ECONNREFUSED',
      errors: [
        netError({ code: 'ECONNREFUSED', address: '10.0.0.1', port: 80 }),
        netError({ code: 'ECONNREFUSED', address: 'fd00::1', port: 80 }),
      ],
    });
    expect(describeNetworkError(error, target, 1000)).toBe(
      'connection refused (10.0.0.1:80, [fd00::1]:80)',
    );
  });

  it('says nothing readable about nothing', () => {
    expect(describeNetworkError(undefined, target, 1000)).toBe(
      'request failed',
    );
  });
});

describe('isStaleSocket', () => {
  it('recognises a connection closed before anything was answered', () => {
    expect(isStaleSocket(netError({ code: 'UND_ERR_SOCKET' }))).toBe(true);
    expect(isStaleSocket(netError({ code: 'ECONNRESET' }))).toBe(true);
    expect(isStaleSocket(netError({ code: 'EPIPE' }))).toBe(true);
    expect(isStaleSocket(netError({ code: 'ECONNREFUSED' }))).toBe(false);
    expect(isStaleSocket(undefined)).toBe(false);
  });
});
