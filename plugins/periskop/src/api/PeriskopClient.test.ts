import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ErrorSummary } from '@periskop-backstage/plugin-periskop-common';
import { PeriskopClient } from './PeriskopClient';

const summary: ErrorSummary = {
  openErrors: 3,
  regressedErrors: 1,
  newErrors: 2,
  occurrences: 40,
  targetsUp: 1,
  targetsTotal: 2,
  top: [],
};

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
      if (req.url?.startsWith('/api/periskop/entities/')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(summary));
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

  it('gets the error summary of an entity, its ref encoded as path segments', async () => {
    await expect(
      client().getErrorSummary(
        { kind: 'Component', namespace: 'default', name: 'api auth/v2' },
        { top: 3 },
      ),
    ).resolves.toEqual(summary);
    expect(seen.at(-1)).toEqual({
      url: '/api/periskop/entities/default/Component/api%20auth%2Fv2/summary?top=3',
      authorization: 'Bearer user-token',
    });

    await client().getErrorSummary({
      kind: 'Component',
      namespace: 'default',
      name: 'api-auth',
    });
    expect(seen.at(-1)?.url).toBe(
      '/api/periskop/entities/default/Component/api-auth/summary',
    );
  });

  it('throws a ResponseError with the backend message on failure', async () => {
    await expect(client('/api/broken').getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 503,
    });
  });
});
