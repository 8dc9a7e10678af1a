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

const emptyList = {
  items: [],
  totalItems: 0,
  severityCounts: { error: 0, warning: 0, info: 0 },
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
      if (
        req.url?.startsWith('/api/periskop/errors') ||
        req.url?.startsWith('/api/periskop/overview')
      ) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(emptyList));
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

  it('sends every filter of the error list, repeating severities and leaving out empty ones', async () => {
    const api = { kind: 'Component', namespace: 'default', name: 'api' };
    await expect(
      client().listErrors(api, {
        query: 'token expired',
        severity: ['error', 'warning'],
        status: 'all',
        from: '2026-11-21T00:00:00.000Z',
        to: '2026-11-21T10:00:00.000Z',
        sort: 'totalCount',
        order: 'asc',
        limit: 10,
        offset: 20,
        sparkline: true,
      }),
    ).resolves.toEqual(summary);
    expect(seen.at(-1)?.url).toBe(
      '/api/periskop/entities/default/Component/api/errors' +
        '?query=token%20expired&severity=error&severity=warning&status=all' +
        '&from=2026-11-21T00%3A00%3A00.000Z&to=2026-11-21T10%3A00%3A00.000Z' +
        '&sort=totalCount&order=asc&limit=10&offset=20&sparkline=true',
    );

    await client().listErrors(api, { query: '', severity: [] });
    expect(seen.at(-1)?.url).toBe(
      '/api/periskop/entities/default/Component/api/errors',
    );
  });

  it('searches the errors of every entity with the same filters', async () => {
    await expect(
      client().searchErrors({ query: 'card declined', severity: ['info'] }),
    ).resolves.toEqual(emptyList);
    expect(seen.at(-1)).toEqual({
      method: 'GET',
      url: '/api/periskop/errors?query=card%20declined&severity=info',
      authorization: 'Bearer user-token',
    });
    await client().searchErrors();
    expect(seen.at(-1)?.url).toBe('/api/periskop/errors');
  });

  const apiEntity = { kind: 'Component', namespace: 'default', name: 'api' };
  it.each<[string, string, string, (c: PeriskopClient) => Promise<unknown>]>([
    ['getError', 'GET', '/api/periskop/errors/42', c => c.getError('42')],
    [
      'getOccurrences',
      'GET',
      '/api/periskop/errors/42/occurrences?from=2026-11-21T00%3A00%3A00.000Z&step=3600',
      c =>
        c.getOccurrences('42', {
          from: '2026-11-21T00:00:00.000Z',
          step: 3600,
        }),
    ],
    [
      'resolveError',
      'POST',
      '/api/periskop/errors/42/resolve',
      c => c.resolveError('42'),
    ],
    [
      'unresolveError',
      'POST',
      '/api/periskop/errors/42/unresolve',
      c => c.unresolveError('42'),
    ],
    [
      'listTargets',
      'GET',
      '/api/periskop/entities/default/Component/api/targets',
      c => c.listTargets(apiEntity),
    ],
    [
      'getOverview',
      'GET',
      '/api/periskop/overview?owner=team-a&owner=group%3Adefault%2Fteam-b&sort=title&order=asc',
      c =>
        c.getOverview({
          owner: ['team-a', 'group:default/team-b'],
          sort: 'title',
          order: 'asc',
        }),
    ],
  ])('%s sends %s %s', async (_, method, url, call) => {
    await call(client());
    expect(seen.at(-1)).toEqual({
      method,
      url,
      authorization: 'Bearer user-token',
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
