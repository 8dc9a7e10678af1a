import http from 'node:http';
import { listen, RunningServer } from './__testUtils__/servers';
import { ErrorCollector } from './ErrorCollector';
import { ErrorExporter } from './ErrorExporter';
import { createPeriskopRequestHandler } from './requestHandler';

describe('createPeriskopRequestHandler', () => {
  let collector: ErrorCollector;
  let exporter: ErrorExporter;
  let server: RunningServer;

  beforeEach(async () => {
    collector = new ErrorCollector();
    collector.report(new Error('boom'), {
      httpContext: { requestMethod: 'GET', requestUrl: '/users/1' },
    });
    collector.report('a string');
    exporter = new ErrorExporter(collector);
    const handler = createPeriskopRequestHandler(exporter);
    server = await listen(
      http.createServer((req, res) => {
        if (req.url === '/-/exceptions') {
          handler(req, res);
          return;
        }
        res.statusCode = 404;
        res.end();
      }),
    );
  });

  afterEach(async () => {
    await server.close();
  });

  it('answers GET with 200 and the payload as JSON', async () => {
    const response = await fetch(`${server.baseUrl}/-/exceptions`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(
      /^application\/json(;|$)/,
    );
    const body = await response.text();
    expect(response.headers.get('content-length')).toBe(
      String(Buffer.byteLength(body)),
    );
    expect(JSON.parse(body)).toEqual(exporter.exportPayload());
    expect(JSON.parse(body).target_uuid).toBe(collector.targetUuid);
    expect(JSON.parse(body).aggregated_errors).toHaveLength(2);
  });

  it('serves the current state on every request', async () => {
    collector.report(new RangeError('later'));
    const response = await fetch(`${server.baseUrl}/-/exceptions`);
    const payload = await response.json();
    expect(payload.aggregated_errors).toHaveLength(3);
    expect(payload.aggregated_errors[2].latest_errors[0].error.class).toBe(
      'RangeError',
    );
  });

  it('answers HEAD with 200 and no body', async () => {
    const response = await fetch(`${server.baseUrl}/-/exceptions`, {
      method: 'HEAD',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(response.headers.get('content-length'))).toBe(
      Buffer.byteLength(exporter.export()),
    );
    expect(await response.text()).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE'])(
    'answers %s with 405 and Allow: GET, HEAD',
    async method => {
      const response = await fetch(`${server.baseUrl}/-/exceptions`, {
        method,
        body: method === 'DELETE' ? undefined : '{}',
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(await response.json()).toEqual({
        error: `Method ${method} not allowed; use GET`,
      });
    },
  );

  it('answers 500 when exporting fails', async () => {
    const failing = createPeriskopRequestHandler({
      export: () => {
        throw new Error('broken exporter');
      },
    } as unknown as ErrorExporter);
    const broken = await listen(http.createServer(failing));
    try {
      const response = await fetch(`${broken.baseUrl}/`);
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('broken exporter');
    } finally {
      await broken.close();
    }
  });
});
