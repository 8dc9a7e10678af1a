/*
 * A fleet child process: serves a slice of the synthetic fleet, one loopback
 * HTTP server (one distinct origin) per instance, each answering
 * `GET /-/exceptions` with its Periskop payload. Controlled by the benchmark
 * over IPC; exits when the benchmark goes away, on `stop`, or after its
 * maximum lifetime. Started with `--expose-gc`, so that dropped payloads are
 * released before new ones are built (memory stays flat across changes).
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { FleetPayloads } from './FleetPayloads';
import { KeyOrders } from './KeyOrders';
import type { FleetRequest, FleetResponse } from './protocol';

const PATH = '/-/exceptions';

let payloads: FleetPayloads | undefined;
let create: (() => FleetPayloads) | undefined;
let orders: KeyOrders | undefined;
const servers: http.Server[] = [];
const stats = { requests: 0, bytes: 0 };

function send(message: FleetResponse) {
  process.send?.(message);
}

function listen(index: number): Promise<number> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== PATH) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const body = payloads!.payload(index, orders!.next(index));
    stats.requests++;
    stats.bytes += body.length;
    // Go's net/http (what most Periskop clients run behind) sends no
    // Content-Type of its own for the Go client and keeps connections open.
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': body.length,
    });
    res.end(body);
  });
  // Like Go's net/http: idle keep-alive connections stay open, so the
  // scraper reuses them from one cycle to the next.
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 60_000;
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', 511, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

/**
 * Builds every payload that fits the cache, so that scenarios measure the
 * scraper rather than the fleet; returns their sizes.
 */
function warm(): number[] {
  const sizes: number[] = [];
  const count = Math.max(payloads!.cacheable, Math.min(payloads!.size, 50));
  for (let i = 0; i < count; i++) {
    sizes.push(payloads!.payload(i).length);
  }
  return sizes;
}

/** Collects garbage now, when the child was started with --expose-gc. */
function collect() {
  (globalThis as { gc?: () => void }).gc?.();
}

function stop(code = 0) {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  setTimeout(() => process.exit(code), 200).unref();
}

process.on('disconnect', () => stop(0));

process.on('message', async (message: FleetRequest) => {
  try {
    switch (message.type) {
      case 'start': {
        setTimeout(() => stop(0), message.maxLifetimeMs).unref();
        const { shape, first, count, now, cacheBytes } = message;
        create = () =>
          new FleetPayloads(shape, first, count, { now, cacheBytes });
        payloads = create();
        orders = new KeyOrders({
          seed: shape.seed,
          first,
          count,
          keys: shape.keys,
          fraction: message.reordering,
        });
        const ports: number[] = [];
        for (let i = 0; i < message.count; i++) {
          ports.push(await listen(i));
        }
        send({ type: 'ready', ports, payloadBytes: warm() });
        break;
      }
      case 'churn':
      case 'restart': {
        const changed =
          message.type === 'churn'
            ? payloads!.churn(message.round, message.now)
            : payloads!.restart(message.round, message.now);
        collect(); // the payloads just dropped, before building new ones
        send({ type: 'done', id: message.id, changed, payloadBytes: warm() });
        break;
      }
      case 'reset': {
        payloads = undefined; // let the old cache go first
        collect();
        payloads = create!();
        orders!.reset();
        send({
          type: 'done',
          id: message.id,
          changed: 0,
          payloadBytes: warm(),
        });
        break;
      }
      case 'reordering': {
        const reordering = orders!.setFraction(message.fraction);
        send({
          type: 'done',
          id: message.id,
          changed: reordering,
          payloadBytes: [],
        });
        break;
      }
      case 'requests':
        send({
          type: 'requests',
          id: message.id,
          counts: orders!.requestCounts(),
        });
        break;
      case 'stats': {
        const cpu = process.cpuUsage();
        send({
          type: 'stats',
          id: message.id,
          stats: {
            ...stats,
            cpuSeconds: (cpu.user + cpu.system) / 1e6,
            rssBytes: process.memoryUsage.rss(),
            lifetimeOccurrences: payloads!.lifetimeOccurrences,
            reorderedResponses: orders!.reordered,
            cachedBytes: payloads!.cachedBytes,
          },
        });
        break;
      }
      case 'stop':
        stop(0);
        break;
      default:
    }
  } catch (error) {
    send({ type: 'error', message: String((error as Error)?.stack ?? error) });
  }
});
