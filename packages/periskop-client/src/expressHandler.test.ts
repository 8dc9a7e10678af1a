import express from 'express';
import http from 'node:http';
import { listen, RunningServer } from './__testUtils__/servers';
import { ErrorCollector } from './ErrorCollector';
import { ErrorExporter } from './ErrorExporter';
import { createPeriskopExpressHandler } from './expressHandler';
import { httpContextFromRequest } from './httpContextFromRequest';

describe('createPeriskopExpressHandler', () => {
  let collector: ErrorCollector;
  let exporter: ErrorExporter;
  let server: RunningServer;

  beforeEach(async () => {
    collector = new ErrorCollector();
    exporter = new ErrorExporter(collector);
    const app = express();
    app.get('/-/exceptions', createPeriskopExpressHandler(exporter));
    app.use('/mounted', createPeriskopExpressHandler(exporter));
    app.get('/users/:id', (req, res) => {
      collector.report(new Error(`user ${req.params.id} not found`), {
        httpContext: httpContextFromRequest(req, {
          omitHeaders: ['authorization'],
        }),
      });
      res.status(404).json({ error: 'not found' });
    });
    server = await listen(http.createServer(app));
  });

  afterEach(async () => {
    await server.close();
  });

  it('serves the errors a real express app reported, as JSON', async () => {
    await fetch(`${server.baseUrl}/users/42?x=1`, {
      headers: { Authorization: 'Bearer secret', 'X-Request-Id': 'r-42' },
    });
    const response = await fetch(`${server.baseUrl}/-/exceptions`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(
      /^application\/json(;|$)/,
    );
    const payload = await response.json();
    expect(payload).toEqual(exporter.exportPayload());
    expect(payload.aggregated_errors).toHaveLength(1);
    const [sample] = payload.aggregated_errors[0].latest_errors;
    expect(sample.error.message).toBe('user 42 not found');
    expect(sample.http_context).toMatchObject({
      request_method: 'GET',
      request_url: `${server.baseUrl}/users/42?x=1`,
      request_body: null,
    });
    expect(sample.http_context.request_headers['x-request-id']).toBe('r-42');
    expect(sample.http_context.request_headers).not.toHaveProperty(
      'authorization',
    );
  });

  it('answers HEAD on a GET route with 200 and no body', async () => {
    const response = await fetch(`${server.baseUrl}/-/exceptions`, {
      method: 'HEAD',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers other methods with 405 when mounted with app.use', async () => {
    const ok = await fetch(`${server.baseUrl}/mounted`);
    expect(ok.status).toBe(200);
    expect((await ok.json()).target_uuid).toBe(collector.targetUuid);
    const response = await fetch(`${server.baseUrl}/mounted`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('passes export failures to next', () => {
    const handler = createPeriskopExpressHandler({
      export: () => {
        throw new Error('broken exporter');
      },
    } as unknown as ErrorExporter);
    const next = jest.fn();
    const res = { statusCode: 0, setHeader: jest.fn(), end: jest.fn() };
    handler({ method: 'GET' }, res, next);
    expect(next).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'broken exporter' }),
    );
    expect(res.end).not.toHaveBeenCalled();
  });
});
