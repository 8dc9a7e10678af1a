import http from 'node:http';
import { AddressInfo } from 'node:net';

/** How a test server answers one path. */
export type PayloadRoute =
  | { body: string; status?: number; contentType?: string; delayMs?: number }
  | { redirectTo: string; status?: number }
  | { streamBytes: number }
  | { hang: true };

/**
 * A real loopback HTTP server whose answers tests change between scrapes
 * (msw does not see undici, so scrape targets are real servers).
 */
export class PayloadServer {
  readonly requests: string[] = [];
  private readonly routes = new Map<string, PayloadRoute>();
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<PayloadServer> {
    const server = http.createServer();
    const instance = new PayloadServer(server);
    server.on('request', (req, res) => instance.handle(req, res));
    server.on('connection', socket => {
      instance.sockets.add(socket);
      socket.on('close', () => instance.sockets.delete(socket));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  set(path: string, route: PayloadRoute): void {
    this.routes.set(path, route);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise(resolve => this.server.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests.push(req.url ?? '');
    const route = this.routes.get(req.url ?? '');
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    if ('hang' in route) {
      return; // never answers: the scraper's timeout must fire
    }
    if ('redirectTo' in route) {
      res.writeHead(route.status ?? 302, { location: route.redirectTo });
      res.end();
      return;
    }
    if ('streamBytes' in route) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const write = () => {
        while (sent < route.streamBytes) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', write);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => {});
      write();
      return;
    }
    const send = () => {
      res.writeHead(route.status ?? 200, {
        'content-type': route.contentType ?? 'application/json',
      });
      res.end(route.body);
    };
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  }
}
