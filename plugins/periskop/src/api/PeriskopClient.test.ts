import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ErrorSummary,
  PushKeyCreated,
  PushKeyStatus,
} from '@periskop-backstage/plugin-periskop-common';
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

const pushKeyStatus: PushKeyStatus = {
  exists: true,
  createdAt: '2024-05-01T12:00:00.000Z',
  createdBy: 'user:default/alice',
  hint: 'abcd',
  lastUsedAt: null,
};

const pushKeyCreated: PushKeyCreated = {
  ...pushKeyStatus,
  key: 'pk_secret_abcd',
  pushUrl: 'http://backstage/api/periskop/push/pk_secret_abcd',
};

const PUSH_KEY_PATH =
  '/api/periskop/entities/default/Component/nightly-report/push-key';

describe('PeriskopClient', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
  }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
      });
      if (req.url === PUSH_KEY_PATH) {
        if (req.method === 'DELETE') {
          res.statusCode = 204;
          res.end();
          return;
        }
        res.statusCode = req.method === 'POST' ? 201 : 200;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify(
            req.method === 'POST' ? pushKeyCreated : pushKeyStatus,
          ),
        );
        return;
      }
      if (
        req.url ===
        '/api/periskop/entities/default/Component/forbidden/push-key'
      ) {
        res.statusCode = 403;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            response: { statusCode: 403 },
          }),
        );
        return;
      }
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
      method: 'GET',
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
      method: 'GET',
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

  describe('push key', () => {
    const nightly = {
      kind: 'Component',
      namespace: 'default',
      name: 'nightly-report',
    };

    it('gets the status of the push key', async () => {
      await expect(client().getPushKey(nightly)).resolves.toEqual(
        pushKeyStatus,
      );
      expect(seen.at(-1)).toEqual({
        method: 'GET',
        url: PUSH_KEY_PATH,
        authorization: 'Bearer user-token',
      });
    });

    it('creates a push key with a POST and returns it with its push URL', async () => {
      await expect(client().createPushKey(nightly)).resolves.toEqual(
        pushKeyCreated,
      );
      expect(seen.at(-1)).toEqual({
        method: 'POST',
        url: PUSH_KEY_PATH,
        authorization: 'Bearer user-token',
      });
    });

    it('revokes the push key with a DELETE, reading no body from the 204', async () => {
      await expect(client().deletePushKey(nightly)).resolves.toBeUndefined();
      expect(seen.at(-1)).toEqual({
        method: 'DELETE',
        url: PUSH_KEY_PATH,
        authorization: 'Bearer user-token',
      });
    });

    it('throws a ResponseError when the permission is missing', async () => {
      const forbidden = { ...nightly, name: 'forbidden' };
      await expect(client().createPushKey(forbidden)).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 403,
      });
      await expect(client().deletePushKey(forbidden)).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 403,
      });
    });
  });
});
