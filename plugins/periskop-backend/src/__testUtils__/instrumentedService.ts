import {
  createPeriskopRequestHandler,
  ErrorCollector,
  ErrorExporter,
} from '@periskop-backstage/periskop-client';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A real service instrumented with periskop-client on a loopback port: what
 * its `collector` reports, the scraper reads from `url`.
 */
export async function startInstrumentedService() {
  const collector = new ErrorCollector();
  const server = http.createServer(
    createPeriskopRequestHandler(new ErrorExporter(collector)),
  );
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/-/exceptions`;
  return {
    collector,
    url,
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}
