import net from 'node:net';
import { parsePeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import { DemoPortInUseError } from './instance';
import { WEBHOOK_SIGNATURE_AGGREGATION_KEY } from './apps/payments';
import { DEFAULT_PUSH_TOKEN, demoServices } from './services';
import {
  FakeBackend,
  startFakeBackend,
  waitFor,
} from './__testUtils__/fakeBackend';
import { RunningDemoServices, startDemoServices } from './startDemoServices';

interface WireError {
  class: string;
  message: string;
  stacktrace: string[];
  cause: WireError | null;
}

interface WirePayload {
  target_uuid: string;
  aggregated_errors: Array<{
    aggregation_key: string;
    total_count: number;
    severity: string;
    latest_errors: Array<{
      error: WireError;
      severity: string;
      uuid: string;
      timestamp: string;
      http_context: {
        request_method: string;
        request_url: string;
        request_headers: Record<string, string> | null;
        request_body: string | null;
      } | null;
    }>;
  }>;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function fetchText(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.text(), response };
}

async function fetchPayload(url: string): Promise<WirePayload> {
  const { status, body, response } = await fetchText(url);
  expect(status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const parsed = parsePeriskopPayload(body);
  expect(parsed.ok).toBe(true);
  if (parsed.ok) {
    expect(parsed.warnings).toEqual([]);
  }
  return JSON.parse(body);
}

function causeChain(error: WireError): string[] {
  const chain: string[] = [];
  for (let e: WireError | null = error; e; e = e.cause) {
    chain.push(e.class);
  }
  return chain;
}

/** Finds a free TCP port (and a few after it) on the loopback interface. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function isListening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startDemoServices', () => {
  let running: RunningDemoServices | undefined;
  let backend: FakeBackend | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await backend?.close();
    backend = undefined;
  });

  it('serves realistic, growing Periskop payloads on every instance', async () => {
    running = await startDemoServices({
      basePort: 0,
      speed: 100,
      seed: 'jest-http',
      // the scraped services only: the job would push to localhost:7007
      services: demoServices.map(s => s.name),
    });
    expect(running.seed).toBe('jest-http');
    expect(running.services.map(s => s.name)).toEqual([
      'api-auth',
      'api-feeds',
      'payments',
    ]);
    expect(running.instances.map(i => i.id)).toEqual([
      'api-auth#1',
      'api-auth#2',
      'api-auth#3',
      'api-feeds#1',
      'api-feeds#2',
      'payments#1',
      'payments#2',
    ]);
    for (const instance of running.instances) {
      expect(instance.url).toBe(
        `http://127.0.0.1:${instance.port}/-/exceptions`,
      );
    }

    // At speed 100, ten seconds of demo time (every steady scenario has
    // occurred at least once by then) take 0.1 s.
    await sleep(400);

    const countsBefore = running.instances.map(i =>
      Object.values(i.reportCounts).reduce((a, b) => a + b, 0),
    );
    const first = await Promise.all(
      running.instances.map(i => fetchPayload(i.url)),
    );
    const countsAfter = running.instances.map(i =>
      Object.values(i.reportCounts).reduce((a, b) => a + b, 0),
    );

    // One process each: distinct target_uuids, the collector's own.
    const uuids = first.map(p => p.target_uuid);
    expect(new Set(uuids).size).toBe(7);
    expect(uuids).toEqual(running.instances.map(i => i.targetUuid));

    // The payload counts exactly what the workload reported.
    first.forEach((payload, i) => {
      const total = payload.aggregated_errors.reduce(
        (sum, a) => sum + a.total_count,
        0,
      );
      expect(total).toBeGreaterThanOrEqual(countsBefore[i]);
      expect(total).toBeLessThanOrEqual(countsAfter[i]);
    });

    const byService = new Map<string, WirePayload[]>();
    running.instances.forEach((instance, i) => {
      const list = byService.get(instance.definition.name) ?? [];
      list.push(first[i]);
      byService.set(instance.definition.name, list);
    });

    // Every steady scenario shows up with its class and severity.
    for (const definition of demoServices) {
      const aggregates = byService
        .get(definition.name)!
        .flatMap(p => p.aggregated_errors);
      const seen = new Set(
        aggregates.map(a => `${a.latest_errors[0].error.class}/${a.severity}`),
      );
      const expected = definition.scenarios
        .filter(scenario => scenario.meanIntervalMs !== undefined)
        .map(scenario => `${scenario.errorClass}/${scenario.severity}`);
      expect(expected.length).toBeGreaterThanOrEqual(5);
      expect(expected.filter(e => !seen.has(e))).toEqual([]);
    }

    const aggregates = first.flatMap(p => p.aggregated_errors);
    const samples = aggregates.flatMap(a => a.latest_errors);
    const classes = new Set(samples.map(s => s.error.class));
    expect(classes.size).toBeGreaterThanOrEqual(12);
    expect(new Set(aggregates.map(a => a.severity))).toEqual(
      new Set(['error', 'warning', 'info']),
    );

    // HTTP contexts with credentials (for redaction) and without any.
    const headers = samples.map(s => s.http_context?.request_headers ?? {});
    expect(headers.some(h => h.Authorization?.startsWith('Bearer '))).toBe(
      true,
    );
    expect(headers.some(h => h.Authorization?.startsWith('Basic '))).toBe(true);
    expect(headers.some(h => 'Cookie' in h)).toBe(true);
    expect(samples.some(s => s.http_context === null)).toBe(true);
    expect(
      samples.some(
        s =>
          s.http_context?.request_method === 'POST' &&
          typeof s.http_context.request_body === 'string',
      ),
    ).toBe(true);

    // Cause chains: three levels for payments, two for api-feeds.
    const declined = samples.find(
      s => s.error.class === 'PaymentDeclinedError',
    )!;
    expect(causeChain(declined.error)).toEqual([
      'PaymentDeclinedError',
      'PaymentProviderError',
      'CardNetworkError',
    ]);
    expect(declined.error.cause!.cause!.stacktrace.length).toBeGreaterThan(0);
    const decode = samples.find(s => s.error.class === 'FeedDecodeError')!;
    expect(causeChain(decode.error)).toEqual([
      'FeedDecodeError',
      'SyntaxError',
    ]);

    // Real stack traces from the throw sites.
    const expired = samples.find(s => s.error.class === 'TokenExpiredError')!;
    expect(expired.error.stacktrace[0]).toContain('verifyAccessToken');
    const typeErrors = aggregates.filter(
      a => a.latest_errors[0].error.class === 'TypeError',
    );
    expect(
      new Set(typeErrors.map(a => a.latest_errors[0].error.stacktrace[0])).size,
    ).toBe(2);
    expect(
      new Set(typeErrors.map(a => a.latest_errors[0].error.message)),
    ).toEqual(
      new Set([
        "Cannot read properties of undefined (reading 'roles')",
        "Cannot read properties of undefined (reading 'displayName')",
      ]),
    );

    // HTML in a message, and the custom aggregation key.
    expect(
      samples.some(s => s.error.message.includes('<script>alert(1)</script>')),
    ).toBe(true);
    expect(
      byService
        .get('payments')!
        .flatMap(p => p.aggregated_errors.map(a => a.aggregation_key)),
    ).toContain(WEBHOOK_SIGNATURE_AGGREGATION_KEY);

    // Counts grow over time, per instance and never backwards per key.
    await sleep(300);
    const second = await Promise.all(
      running.instances.map(i => fetchPayload(i.url)),
    );
    second.forEach((payload, i) => {
      expect(payload.target_uuid).toBe(first[i].target_uuid);
      const before = new Map(
        first[i].aggregated_errors.map(a => [a.aggregation_key, a.total_count]),
      );
      let grown = false;
      for (const aggregate of payload.aggregated_errors) {
        const previous = before.get(aggregate.aggregation_key) ?? 0;
        expect(aggregate.total_count).toBeGreaterThanOrEqual(previous);
        grown ||= aggregate.total_count > previous;
      }
      for (const key of before.keys()) {
        expect(payload.aggregated_errors.map(a => a.aggregation_key)).toContain(
          key,
        );
      }
      expect(grown).toBe(true);
    });
  });

  it('answers /healthz, 404 elsewhere and 405 for other methods', async () => {
    running = await startDemoServices({
      basePort: 0,
      speed: 10,
      seed: 'jest-routes',
      services: ['payments'],
    });
    expect(running.instances).toHaveLength(2);
    const [instance] = running.instances;
    const origin = `http://127.0.0.1:${instance.port}`;

    const health = await fetchText(`${origin}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({
      status: 'ok',
      service: 'payments',
      instance: 'payments#1',
      targetUuid: instance.targetUuid,
    });

    expect((await fetchText(`${origin}/`)).status).toBe(404);
    expect((await fetchText(`${origin}/-/exceptions/x`)).status).toBe(404);
    expect((await fetchText(`${origin}/-/exceptions?limit=1`)).status).toBe(
      200,
    );
    const post = await fetchText(`${origin}/-/exceptions`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('runs the batch job too, pushing to the backend with the demo token', async () => {
    backend = await startFakeBackend();
    const lines: string[] = [];
    running = await startDemoServices({
      basePort: 0,
      speed: 100,
      seed: 'jest-job',
      backendUrl: backend.url,
      log: line => lines.push(line),
    });
    expect(running.instances).toHaveLength(7);
    expect(running.jobs.map(j => j.id)).toEqual(['nightly-import']);
    const [job] = running.jobs;
    expect(job.pushUrl).toBe(
      `${backend.url}/api/periskop/entities/default/component/nightly-import/push`,
    );
    // at speed 100 20 s would be 0.2 s; a run every 3 s at most
    expect(job.intervalMs).toBe(3000);

    // the job counts a push once it has read the answer, after the backend got it
    await waitFor(() => job.runs[0]?.accepted === 2, 5000);
    expect(backend.pushes.map(p => [p.path, p.authorization])).toEqual([
      [
        '/api/periskop/entities/default/component/nightly-import/push/errors',
        `Bearer ${DEFAULT_PUSH_TOKEN}`,
      ],
      [
        '/api/periskop/entities/default/component/nightly-import/push/errors',
        `Bearer ${DEFAULT_PUSH_TOKEN}`,
      ],
    ]);
    expect(job.runs).toEqual([
      expect.objectContaining({ run: 1, accepted: 2, failed: 0 }),
    ]);
    expect(lines).toHaveLength(1);
  });

  it('takes a token and runs only the selected job', async () => {
    backend = await startFakeBackend();
    running = await startDemoServices({
      basePort: 0,
      speed: 100,
      seed: 'jest-job-only',
      services: ['nightly-import'],
      backendUrl: `${backend.url}/`,
      pushToken: 'another-token',
      log: () => {},
    });
    expect(running.instances).toEqual([]);
    expect(running.jobs).toHaveLength(1);
    await waitFor(() => backend!.pushes.length >= 1, 5000);
    expect(backend.pushes[0].authorization).toBe('Bearer another-token');
  });

  it('closes every server on stop', async () => {
    backend = await startFakeBackend();
    running = await startDemoServices({
      basePort: 0,
      speed: 50,
      seed: 'jest-stop',
      backendUrl: backend.url,
      log: () => {},
    });
    const ports = running.instances.map(i => i.port);
    // a keep-alive connection must not keep a server open
    await Promise.all(running.instances.map(i => fetchText(i.url)));
    await running.stop();
    await running.stop(); // idempotent
    const listening = await Promise.all(ports.map(isListening));
    expect(listening).toEqual(ports.map(() => false));
    const counts = running.instances.map(i => ({ ...i.reportCounts }));
    const pushes = backend.pushes.length;
    await sleep(100);
    expect(running.instances.map(i => i.reportCounts)).toEqual(counts);
    expect(backend.pushes).toHaveLength(pushes); // the job stopped too
    running = undefined;
  });

  it('fails clearly when a port is taken, and leaves nothing running', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>(resolve =>
      blocker.listen(port, '127.0.0.1', resolve),
    );
    try {
      const started = startDemoServices({
        basePort: port,
        seed: 'jest-conflict',
        services: ['api-auth'],
      });
      await expect(started).rejects.toBeInstanceOf(DemoPortInUseError);
      await expect(started).rejects.toThrow(
        `api-auth#1 cannot listen on 127.0.0.1:${port}: the port is already in use`,
      );
      // api-auth#2 and #3 had bound port+1 and port+2: closed again
      expect(await isListening(port + 1)).toBe(false);
      expect(await isListening(port + 2)).toBe(false);
    } finally {
      await new Promise(resolve => blocker.close(resolve));
    }
  });

  it('rejects invalid options', async () => {
    await expect(startDemoServices({ speed: 0 })).rejects.toThrow(
      'speed must be a positive number',
    );
    await expect(startDemoServices({ basePort: 70000 })).rejects.toThrow(
      'basePort must be an integer port number',
    );
    await expect(startDemoServices({ services: ['nope'] })).rejects.toThrow(
      'Unknown demo service "nope"; known: api-auth, api-feeds, payments, nightly-import',
    );
  });
});
