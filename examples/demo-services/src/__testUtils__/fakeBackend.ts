import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake backend received. */
export interface ReceivedPush {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
  /** When it arrived (`Date.now()`). */
  at: number;
}

/** How the fake backend answers a push: a status and a body, or never. */
export type FakeAnswer = { status: number; body?: unknown } | 'hang';

/**
 * A stand-in for the Backstage backend on a loopback port: records every
 * request and answers what `answer` says (default 200 with the shape of the
 * plugin's push answer), so the jobs can be tested over real HTTP.
 */
export interface FakeBackend {
  /** `http://127.0.0.1:<port>` */
  url: string;
  pushes: ReceivedPush[];
  /** Decides the answer to the next requests. */
  answer: (push: ReceivedPush) => FakeAnswer;
  close(): Promise<void>;
}

export async function startFakeBackend(): Promise<FakeBackend> {
  const server = http.createServer();
  const backend: FakeBackend = {
    url: '',
    pushes: [],
    answer: () => ({
      status: 200,
      body: { instance: 'x', newOccurrences: 1, errorKeys: 1, warnings: 0 },
    }),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const push: ReceivedPush = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      backend.pushes.push(push);
      const answer = backend.answer(push);
      if (answer === 'hang') {
        return; // closed by close() or by the client's abort
      }
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return backend;
}

/** Waits until `predicate` holds, polling every 20 ms. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
