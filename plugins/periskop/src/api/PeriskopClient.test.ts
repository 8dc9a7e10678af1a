import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PeriskopClient } from './PeriskopClient';

describe('PeriskopClient', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      if (req.url === '/api/periskop/health') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'ok' }));
        return;
      }
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: { name: 'ServiceUnavailableError', message: 'down' },
          response: { statusCode: 503 },
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  function client(path = '/api/periskop') {
    return new PeriskopClient({
      discoveryApi: { getBaseUrl: async () => `${baseUrl}${path}` },
      // stands in for the app's fetchApi, which adds the Backstage token
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { authorization: 'Bearer user-token' },
          }),
      },
    });
  }

  it('gets the health of the backend through fetchApi', async () => {
    await expect(client().getHealth()).resolves.toEqual({ status: 'ok' });
    expect(seen.at(-1)).toEqual({
      url: '/api/periskop/health',
      authorization: 'Bearer user-token',
    });
  });

  it('throws a ResponseError with the backend message on failure', async () => {
    await expect(client('/api/broken').getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 503,
    });
  });
});
