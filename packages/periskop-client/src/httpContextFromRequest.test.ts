import { httpContextFromRequest } from './httpContextFromRequest';

describe('httpContextFromRequest', () => {
  it('builds an absolute URL from the Host header and copies headers', () => {
    expect(
      httpContextFromRequest({
        method: 'POST',
        url: '/v1/users?expand=true',
        headers: {
          host: 'api.example.com',
          accept: 'application/json',
          'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
          skipped: undefined,
        },
      }),
    ).toEqual({
      requestMethod: 'POST',
      requestUrl: 'http://api.example.com/v1/users?expand=true',
      requestHeaders: {
        host: 'api.example.com',
        accept: 'application/json',
        'x-forwarded-for': '10.0.0.1, 10.0.0.2',
      },
    });
  });

  it('uses https behind a TLS-terminating proxy and prefers originalUrl', () => {
    const context = httpContextFromRequest({
      method: 'GET',
      url: '/1',
      originalUrl: '/users/1',
      headers: { host: 'h', 'x-forwarded-proto': 'https, http' },
    });
    expect(context.requestUrl).toBe('https://h/users/1');
  });

  it('keeps just the path without a Host header', () => {
    expect(
      httpContextFromRequest({ method: 'GET', url: '/x', headers: {} })
        .requestUrl,
    ).toBe('/x');
  });

  it('leaves out the named headers in any case, and records a given body', () => {
    const context = httpContextFromRequest(
      {
        method: 'PUT',
        url: '/x',
        headers: { authorization: 'Bearer t', cookie: 'c', 'x-id': '1' },
      },
      { omitHeaders: ['Authorization', 'COOKIE'], body: '{"a":1}' },
    );
    expect(context.requestHeaders).toEqual({ 'x-id': '1' });
    expect(context.requestBody).toBe('{"a":1}');
  });
});
