import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on an ephemeral loopback port, and how to stop it. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`, without trailing slash. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 port 0. */
export async function listen(server: http.Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
