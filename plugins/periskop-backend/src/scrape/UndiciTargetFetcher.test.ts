import { PolicyBlockedError } from '../discovery/policyLookup';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net, {
  type AddressInfo,
  type LookupFunction,
  type Socket,
} from 'node:net';
import {
  UndiciTargetFetcher,
  type UndiciTargetFetcherOptions,
} from './UndiciTargetFetcher';

/**
 * Real loopback servers: undici does not go through Node's `http` module, so
 * msw-style interception would not see its requests.
 */
interface TestServer {
  port: number;
  url(path?: string): string;
  /** Every request received, in order. */
  requests: http.IncomingMessage[];
  /** Number of TCP connections accepted. */
  connections(): number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const fetchers: UndiciTargetFetcher[] = [];

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push(req);
    res.on('error', () => {}); // writes after the client hung up
    handler(req, res);
  });
  server.on('connection', socket => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const testServer: TestServer = {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
  servers.push(testServer);
  return testServer;
}

function createFetcher(
  options: Partial<UndiciTargetFetcherOptions> = {},
): UndiciTargetFetcher {
  const fetcher = new UndiciTargetFetcher({
    timeoutMs: 2000,
    maxBodyBytes: 10 * 1024 * 1024,
    concurrency: 4,
    ...options,
  });
  fetchers.push(fetcher);
  return fetcher;
}

/** A port nothing listens on: bound once, then released. */
async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

async function canListenOn(host: string): Promise<boolean> {
  const server = net.createServer();
  return new Promise<boolean>(resolve => {
    server.once('error', () => resolve(false));
    server.listen(0, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A raw TCP server answering every request with `response`, for what
 * `node:http` will not produce (HTTP/1.0, broken responses).
 */
async function startRawServer(response: string): Promise<number> {
  const server = net.createServer(socket => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end(response));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    port: 0,
    url: () => '',
    requests: [],
    connections: () => 0,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  });
  return (server.address() as AddressInfo).port;
}

const PAYLOAD = {
  aggregated_errors: [],
  target_uuid: '5d2b3f1e-0000-4000-8000-000000000000',
};

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map(f => f.close()));
  await Promise.all(servers.splice(0).map(s => s.close()));
});

describe('UndiciTargetFetcher', () => {
  it('returns a 200 JSON body with its size', async () => {
    const body = JSON.stringify(PAYLOAD);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });

    const result = await createFetcher().fetch(server.url('/-/exceptions'));

    expect(result).toEqual({
      ok: true,
      body,
      bytes: Buffer.byteLength(body),
      durationMs: expect.any(Number),
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('hashes the body as received, so an unchanged payload need not be decoded', async () => {
    const body = `\ufeff${JSON.stringify(PAYLOAD)}`;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // in pieces, as a large payload arrives
      res.write(body.slice(0, 10));
      res.end(body.slice(10));
    });
    const fetcher = createFetcher();

    const first = await fetcher.fetch(server.url('/-/exceptions'));
    const second = await fetcher.fetch(server.url('/-/exceptions'));

    const expected = createHash('sha256').update(body, 'utf8').digest('hex');
    expect(first.ok && first.digest).toBe(expected);
    expect(second.ok && second.digest).toBe(expected);
  });

  it('accepts text/plain, as Go serves it', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('{"aggregated_errors":[]}');
    });

    const result = await createFetcher().fetch(server.url('/-/exceptions'));

    expect(result).toMatchObject({
      ok: true,
      body: '{"aggregated_errors":[]}',
    });
  });

  it('GETs the exact path and query with Accept and User-Agent headers', async () => {
    const server = await startServer((_req, res) => res.end('{}'));

    await createFetcher().fetch(server.url('/-/exceptions?instance=a%2Fb&x=1'));
    await createFetcher({ userAgent: 'custom/1' }).fetch(server.url('/errors'));

    expect(server.requests.map(r => [r.method, r.url])).toEqual([
      ['GET', '/-/exceptions?instance=a%2Fb&x=1'],
      ['GET', '/errors'],
    ]);
    expect(server.requests[0].headers).toMatchObject({
      accept: 'application/json',
      'user-agent': 'periskop-backstage/0.1',
      host: `127.0.0.1:${server.port}`,
    });
    expect(server.requests[1].headers['user-agent']).toBe('custom/1');
  });

  it('does not add or remove a trailing slash', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    const fetcher = createFetcher();

    await fetcher.fetch(server.url('/exceptions/'));
    await fetcher.fetch(server.url('/exceptions'));

    expect(server.requests.map(r => r.url)).toEqual([
      '/exceptions/',
      '/exceptions',
    ]);
  });

  it('decodes UTF-8 and strips a byte order mark', async () => {
    const text = '{"message":"naïve – ✓"}';
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(text, 'utf8'),
    ]);
    const server = await startServer((_req, res) => res.end(raw));

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({ ok: true, body: text, bytes: raw.length });
  });

  it('reports a 503 with its status text, media type and size, quoting nothing', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`overloaded, token=s3cr3t ${'x'.repeat(500)}`);
    });

    const result = await createFetcher().fetch(server.url());

    expect(result).toEqual({
      ok: false,
      reason: 'HTTP 503 Service Unavailable (text/plain, 525 B)',
      durationMs: expect.any(Number),
    });
  });

  it('reports a 404 with an HTML body by its type and size', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not here</body></html>');
    });

    const result = await createFetcher().fetch(server.url('/nope'));

    expect(result).toEqual({
      ok: false,
      reason: 'HTTP 404 Not Found (text/html, 34 B)',
      durationMs: expect.any(Number),
    });
  });

  it('gives the declared size of a large error body without reading it all', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500, {
        'content-type': 'application/json',
        'content-length': String(1024 * 1024),
      });
      res.end(Buffer.alloc(1024 * 1024, 0x20));
    });

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({
      ok: false,
      reason: 'HTTP 500 Internal Server Error (application/json, 1 MiB)',
    });
  });

  it('reports an unregistered status code by number', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(599);
      res.end();
    });

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({
      ok: false,
      reason: 'HTTP 599 (no content type, empty)',
    });
  });

  it.each([301, 302, 307, 308])(
    'refuses to follow a %p redirect',
    async status => {
      const server = await startServer((req, res) => {
        if (req.url === '/-/exceptions') {
          res.writeHead(status, { location: '/elsewhere' });
          res.end('moved');
        } else {
          res.end('{}');
        }
      });

      const result = await createFetcher().fetch(server.url('/-/exceptions'));

      expect(result).toMatchObject({
        ok: false,
        reason: expect.stringMatching(
          new RegExp(`^HTTP ${status} [A-Za-z ]+: redirects are not followed$`),
        ),
      });
      expect(server.requests.map(r => r.url)).toEqual(['/-/exceptions']);
    },
  );

  it('refuses a redirect to another host without contacting it', async () => {
    const other = await startServer((_req, res) => res.end('{}'));
    const server = await startServer((_req, res) => {
      res.writeHead(301, { location: other.url('/metadata') });
      res.end();
    });

    const result = await createFetcher().fetch(server.url());

    // where it pointed is the server's answer, not said
    expect(result).toMatchObject({
      ok: false,
      reason: 'HTTP 301 Moved Permanently: redirects are not followed',
    });
    expect(other.connections()).toBe(0);
  });

  it('rejects an oversize Content-Length before reading the body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(11 * 1024 * 1024) });
      res.write(Buffer.alloc(1024)); // and then nothing: we must not wait
    });

    const result = await createFetcher({ timeoutMs: 5000 }).fetch(server.url());

    expect(result).toMatchObject({
      ok: false,
      reason: 'response larger than 10 MiB',
    });
    expect(result.durationMs).toBeLessThan(4000);
  });

  it('stops reading a chunked body as soon as it exceeds the limit', async () => {
    const maxBodyBytes = 256 * 1024;
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let written = 0;
    let socketClosed: () => void = () => {};
    const closed = new Promise<void>(resolve => {
      socketClosed = resolve;
    });
    const server = await startServer((req, res) => {
      req.socket.on('close', socketClosed);
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked
      // Keep writing, honouring backpressure, until the client hangs up.
      const pump = () => {
        while (!res.destroyed && !req.socket.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });

    const result = await createFetcher({ maxBodyBytes }).fetch(server.url());
    await closed;

    expect(result).toMatchObject({
      ok: false,
      reason: 'response larger than 256 KiB',
    });
    const bytes = !result.ok ? result.bytes ?? 0 : 0;
    expect(bytes).toBeGreaterThan(maxBodyBytes);
    expect(bytes).toBeLessThanOrEqual(maxBodyBytes + 64 * 1024);
    // The server stopped at the closed socket, far from an endless stream:
    // only what fit in the kernel buffers went out after the limit.
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it('accepts a body of exactly the limit', async () => {
    const body = 'x'.repeat(1000);
    const server = await startServer((_req, res) => res.end(body));

    const result = await createFetcher({ maxBodyBytes: 1000 }).fetch(
      server.url(),
    );

    expect(result).toMatchObject({ ok: true, bytes: 1000 });
  });

  it('refuses a compressed body it never asked for', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(Buffer.from([0x1f, 0x8b]));
    });

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({
      ok: false,
      reason: 'compressed response (Content-Encoding) not supported',
    });
  });

  it('times out when the headers never come', async () => {
    const server = await startServer(() => {
      // never answers
    });

    const result = await createFetcher({ timeoutMs: 200 }).fetch(server.url());

    expect(result).toMatchObject({
      ok: false,
      reason: 'timed out after 200ms',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(result.durationMs).toBeLessThan(1500);
  });

  it('bounds the whole request, including a body that trickles', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      // Each write is well within any per-chunk idle timeout; only a bound
      // on the whole request stops this.
      const interval = setInterval(() => {
        if (res.destroyed) {
          clearInterval(interval);
        } else {
          res.write(' ');
        }
      }, 30);
      res.on('close', () => clearInterval(interval));
    });

    const result = await createFetcher({ timeoutMs: 300 }).fetch(server.url());

    expect(result).toMatchObject({
      ok: false,
      reason: 'timed out after 300ms',
    });
    expect(!result.ok && result.bytes).toBeGreaterThan(0);
    expect(result.durationMs).toBeLessThan(1500);
  });

  it('formats timeouts of a second or more in seconds', async () => {
    const server = await startServer(() => {});

    const result = await createFetcher({ timeoutMs: 1500 }).fetch(server.url());

    expect(result).toMatchObject({ ok: false, reason: 'timed out after 1.5s' });
  });

  it('reports a refused connection with the address', async () => {
    const port = await unusedPort();

    const result = await createFetcher().fetch(
      `http://127.0.0.1:${port}/-/exceptions`,
    );

    expect(result).toMatchObject({
      ok: false,
      reason: `connection refused (127.0.0.1:${port})`,
    });
  });

  it('reports a TLS failure as such', async () => {
    // TLS to a plain HTTP server: the handshake reads "HTTP/1.1 400".
    const server = await startServer((_req, res) => res.end('{}'));

    const result = await createFetcher().fetch(
      `https://127.0.0.1:${server.port}/`,
    );

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^TLS error: \S/);
    expect(!result.ok && result.reason).not.toMatch(/\n|openssl/);
  });

  it('reads an HTTP/1.0 response delimited by the connection closing', async () => {
    // What a Python http.server based endpoint sends by default.
    const port = await startRawServer(
      'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"aggregated_errors":[]}',
    );

    const result = await createFetcher().fetch(`http://127.0.0.1:${port}/`);

    expect(result).toMatchObject({
      ok: true,
      body: '{"aggregated_errors":[]}',
      bytes: 24,
    });
  });

  it('reports a response that is not HTTP', async () => {
    const port = await startRawServer('garbage s3cr3t\r\n\r\n');

    const result = await createFetcher().fetch(`http://127.0.0.1:${port}/`);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^invalid HTTP response: /);
    expect(!result.ok && result.reason).not.toMatch(/garbage|s3cr3t/);
  });

  it('reports a body cut short, with the bytes received, without retrying', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789', () => setTimeout(() => req.socket.destroy(), 20));
    });

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({ ok: false, bytes: 10 });
    expect(!result.ok && result.reason).toMatch(
      /^connection (closed by the server|reset)$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('lists every address tried when all refuse', async () => {
    if (!(await canListenOn('::1'))) {
      return; // no IPv6 loopback on this machine: nothing to try on ::1
    }
    const port = await unusedPort();
    const dualStack: LookupFunction = (_hostname, options, callback) => {
      const addresses = [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ];
      if (options.all) {
        callback(null, addresses);
      } else {
        callback(null, addresses[0].address, addresses[0].family);
      }
    };

    const result = await createFetcher({ lookup: dualStack }).fetch(
      `http://dual.test:${port}/`,
    );

    expect(result).toMatchObject({
      ok: false,
      reason: `connection refused ([::1]:${port}, 127.0.0.1:${port})`,
    });
  });

  it('reports "scrape aborted" when the caller aborts', async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const result = await createFetcher({ timeoutMs: 5000 }).fetch(
      server.url(),
      { signal: controller.signal },
    );

    expect(result).toMatchObject({ ok: false, reason: 'scrape aborted' });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('does not even connect when the signal is already aborted', async () => {
    const server = await startServer((_req, res) => res.end('{}'));

    const result = await createFetcher().fetch(server.url(), {
      signal: AbortSignal.abort(),
    });

    expect(result).toMatchObject({ ok: false, reason: 'scrape aborted' });
    expect(server.connections()).toBe(0);
  });

  it('reuses one keep-alive connection for successive fetches', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    const fetcher = createFetcher();

    const first = await fetcher.fetch(server.url('/a'));
    const second = await fetcher.fetch(server.url('/b'));
    const third = await fetcher.fetch(server.url('/a'));

    expect([first.ok, second.ok, third.ok]).toEqual([true, true, true]);
    expect(server.requests).toHaveLength(3);
    expect(server.connections()).toBe(1);
  });

  it('retries once on a fresh connection when the server drops the request', async () => {
    // What a keep-alive connection closed by the server at the moment it is
    // reused looks like to the client.
    const server = await startServer((req, res) => {
      if (server.requests.length === 1) {
        req.socket.destroy();
      } else {
        res.end('{}');
      }
    });

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({ ok: true, body: '{}' });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after one retry when the server keeps dropping requests', async () => {
    const server = await startServer(req => req.socket.destroy());

    const result = await createFetcher().fetch(server.url());

    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toMatch(
      /^connection (closed by the server|reset)$/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await startServer((_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('{}');
      }, 50);
    });
    const fetcher = createFetcher({ concurrency: 1 });

    const results = await Promise.all([
      fetcher.fetch(server.url('/1')),
      fetcher.fetch(server.url('/2')),
      fetcher.fetch(server.url('/3')),
    ]);

    expect(results.map(r => r.ok)).toEqual([true, true, true]);
    expect(maxInFlight).toBe(1);
  });

  it('counts time spent waiting for a slot against the timeout', async () => {
    // The first fetch holds the only slot for 250 ms; the second then has
    // 50 ms of its 300 ms left, less than its server needs.
    const slowish = await startServer((_req, res) => {
      setTimeout(() => res.end('{}'), 250);
    });
    const fast = await startServer((_req, res) => {
      setTimeout(() => res.end('{}'), 150);
    });
    const fetcher = createFetcher({ concurrency: 1, timeoutMs: 300 });

    const [first, second] = await Promise.all([
      fetcher.fetch(slowish.url()),
      fetcher.fetch(fast.url()),
    ]);

    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({
      ok: false,
      reason: 'timed out after 300ms',
    });
    expect(second.durationMs).toBeLessThan(1000);
    expect(fast.requests).toHaveLength(1);
  });

  describe('lookup hook', () => {
    const POLICY_MESSAGE =
      'blocked by periskop.targets policy: 169.254.169.254 is a link-local address';

    function policyLookup(looked: string[]): LookupFunction {
      return (hostname, options, callback) => {
        looked.push(hostname);
        if (hostname === 'blocked.test' || hostname === '169.254.169.254') {
          callback(
            new PolicyBlockedError(POLICY_MESSAGE, hostname, '169.254.169.254'),
            '',
          );
        } else if (hostname === 'local.test' || hostname === '127.0.0.1') {
          if (options.all) {
            callback(null, [{ address: '127.0.0.1', family: 4 }]);
          } else {
            callback(null, '127.0.0.1', 4);
          }
        } else {
          callback(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
              code: 'ENOTFOUND',
              hostname,
            }),
            '',
          );
        }
      };
    }

    it('connects where the lookup says', async () => {
      const looked: string[] = [];
      const server = await startServer((_req, res) => res.end('{}'));

      const result = await createFetcher({
        lookup: policyLookup(looked),
      }).fetch(`http://local.test:${server.port}/-/exceptions`);

      expect(result).toMatchObject({ ok: true, body: '{}' });
      expect(looked).toEqual(['local.test']);
      expect(server.requests[0].headers.host).toBe(`local.test:${server.port}`);
    });

    it("passes the lookup's refusal through as the reason", async () => {
      const looked: string[] = [];

      const result = await createFetcher({
        lookup: policyLookup(looked),
      }).fetch('http://blocked.test/-/exceptions');

      expect(result).toMatchObject({ ok: false, reason: POLICY_MESSAGE });
      expect(looked).toEqual(['blocked.test']);
    });

    it('consults the lookup for IP-literal hosts too', async () => {
      const looked: string[] = [];
      const server = await startServer((_req, res) => res.end('{}'));
      const fetcher = createFetcher({ lookup: policyLookup(looked) });

      const blocked = await fetcher.fetch('http://169.254.169.254/latest/');
      const allowed = await fetcher.fetch(server.url());

      expect(blocked).toMatchObject({ ok: false, reason: POLICY_MESSAGE });
      expect(allowed).toMatchObject({ ok: true });
      expect(looked).toEqual(['169.254.169.254', '127.0.0.1']);
    });

    it('reports an unknown host', async () => {
      const result = await createFetcher({ lookup: policyLookup([]) }).fetch(
        'http://api.svc:8080/-/exceptions',
      );

      expect(result).toMatchObject({
        ok: false,
        reason: 'host not found: api.svc',
      });
    });
  });

  it('reports invalid URLs and protocols without throwing', async () => {
    const fetcher = createFetcher();

    await expect(fetcher.fetch('not a url')).resolves.toMatchObject({
      ok: false,
      reason: 'invalid URL: "not a url"',
    });
    await expect(fetcher.fetch('ftp://example.com/x')).resolves.toMatchObject({
      ok: false,
      reason: 'unsupported protocol "ftp:"',
    });
  });

  it('fails fetches after close, and close can be called twice', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    const fetcher = createFetcher();
    await fetcher.fetch(server.url());

    await fetcher.close();
    await fetcher.close();

    await expect(fetcher.fetch(server.url())).resolves.toMatchObject({
      ok: false,
      reason: 'fetcher closed',
    });
  });

  it('rejects nonsensical options', () => {
    expect(
      () =>
        new UndiciTargetFetcher({
          timeoutMs: 0,
          maxBodyBytes: 1,
          concurrency: 1,
        }),
    ).toThrow(/timeoutMs/);
    expect(
      () =>
        new UndiciTargetFetcher({
          timeoutMs: 1,
          maxBodyBytes: 1,
          concurrency: 0.5,
        }),
    ).toThrow(/concurrency/);
  });
});
