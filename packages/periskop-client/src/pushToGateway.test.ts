import http from 'node:http';
import { parsePeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import { listen, RunningServer } from './__testUtils__/servers';
import { ErrorCollector } from './ErrorCollector';
import { ErrorExporter } from './ErrorExporter';
import {
  gatewayErrorsUrl,
  PushGatewayError,
  pushToGateway,
} from './pushToGateway';

interface RecordedRequest {
  method: string | undefined;
  path: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
}

/** A fake push gateway that records requests and answers `status`. */
async function startGateway(
  status: number,
  answer = '',
): Promise<{ gateway: RunningServer; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  const gateway = await listen(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        requests.push({
          method: req.method,
          path: req.url,
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.statusCode = status;
        res.end(answer);
      });
    }),
  );
  return { gateway, requests };
}

function exporterWithErrors(): ErrorExporter {
  const collector = new ErrorCollector();
  for (let i = 0; i < 3; i += 1) {
    collector.report(new Error(`failure ${i}`));
  }
  collector.report(new TypeError('other'), { severity: 'warning' });
  return new ErrorExporter(collector);
}

describe('gatewayErrorsUrl', () => {
  it.each([
    ['http://gw:7878', 'http://gw:7878/errors'],
    ['http://gw:7878/', 'http://gw:7878/errors'],
    ['http://gw:7878/errors', 'http://gw:7878/errors'],
    ['http://gw:7878/errors/', 'http://gw:7878/errors'],
    [
      'https://gw.example.com/periskop',
      'https://gw.example.com/periskop/errors',
    ],
    ['http://gw/a/errors?x=1', 'http://gw/a/errors?x=1'],
  ])('%s → %s', (input, expected) => {
    expect(gatewayErrorsUrl(input)).toBe(expected);
  });

  it('rejects an invalid URL', () => {
    expect(() => gatewayErrorsUrl('not a url')).toThrow(
      'Invalid Periskop push gateway URL "not a url"',
    );
  });
});

describe('pushToGateway', () => {
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  it('POSTs the exported payload as JSON to <gateway>/errors', async () => {
    const { gateway, requests } = await startGateway(200);
    servers.push(gateway);
    const exporter = exporterWithErrors();

    await pushToGateway(exporter, gateway.baseUrl);

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/errors');
    expect(request.contentType).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(exporter.exportPayload());
    const parsed = parsePeriskopPayload(request.body);
    expect(parsed.ok && parsed.warnings).toEqual([]);
    expect(
      parsed.ok && parsed.payload.aggregates.map(a => a.totalCount),
    ).toEqual([3, 1]);
  });

  it('sends the given headers, e.g. a token, keeping the JSON content type', async () => {
    const { gateway, requests } = await startGateway(200);
    servers.push(gateway);
    await pushToGateway(exporterWithErrors(), gateway.baseUrl, {
      headers: { Authorization: 'Bearer t0ken', 'Content-Type': 'text/plain' },
    });
    expect(requests[0]).toMatchObject({
      authorization: 'Bearer t0ken',
      contentType: 'application/json',
    });
  });

  it('does not append /errors twice', async () => {
    const { gateway, requests } = await startGateway(202);
    servers.push(gateway);
    await pushToGateway(exporterWithErrors(), `${gateway.baseUrl}/errors`);
    await pushToGateway(exporterWithErrors(), `${gateway.baseUrl}/`);
    expect(requests.map(r => r.path)).toEqual(['/errors', '/errors']);
  });

  it('rejects with the HTTP status when the gateway answers 500', async () => {
    const { gateway, requests } = await startGateway(500, 'gateway broke');
    servers.push(gateway);

    const push = pushToGateway(exporterWithErrors(), gateway.baseUrl);

    await expect(push).rejects.toThrow(PushGatewayError);
    await expect(push).rejects.toMatchObject({
      status: 500,
      url: `${gateway.baseUrl}/errors`,
      message: expect.stringMatching(/HTTP 500.*gateway broke/),
    });
    expect(requests).toHaveLength(1);
  });

  it('rejects on a 404 too', async () => {
    const { gateway } = await startGateway(404);
    servers.push(gateway);
    await expect(
      pushToGateway(exporterWithErrors(), gateway.baseUrl),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('rejects an invalid gateway URL', async () => {
    await expect(pushToGateway(exporterWithErrors(), 'no url')).rejects.toThrow(
      /Invalid Periskop push gateway URL/,
    );
  });

  it('rejects when the gateway cannot be reached', async () => {
    const { gateway } = await startGateway(200);
    const url = gateway.baseUrl;
    await gateway.close();
    await expect(pushToGateway(exporterWithErrors(), url)).rejects.toThrow();
  });

  it('uses the given fetch and signal', async () => {
    const controller = new AbortController();
    const fetchMock = jest.fn(
      async (_url: string | URL | Request, _init?: RequestInit) =>
        new Response('', { status: 200 }),
    );
    await pushToGateway(exporterWithErrors(), 'http://gw.example:7878', {
      fetch: fetchMock as unknown as typeof fetch,
      signal: controller.signal,
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://gw.example:7878/errors');
    expect(init?.method).toBe('POST');
    expect(init?.signal).toBe(controller.signal);
  });

  it('can be aborted', async () => {
    const hanging = await listen(http.createServer(() => {}));
    servers.push(hanging);
    const controller = new AbortController();
    const push = pushToGateway(exporterWithErrors(), hanging.baseUrl, {
      signal: controller.signal,
    });
    controller.abort();
    await expect(push).rejects.toMatchObject({ name: 'AbortError' });
  });
});
