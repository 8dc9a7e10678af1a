import { apiAuth } from './apps/apiAuth';
import { apiFeeds } from './apps/apiFeeds';
import { nightlyImport } from './apps/nightlyImport';
import { payments } from './apps/payments';
import type { DemoJobDefinition, DemoServiceDefinition } from './types';

export { apiAuth, apiFeeds, nightlyImport, payments };

/** The port of api-auth#1; every other port is fixed relative to it. */
export const DEFAULT_BASE_PORT = 9101;

/** The interface the demo services bind to by default. */
export const DEFAULT_HOST = '127.0.0.1';

/** The path on which every instance serves its Periskop payload. */
export const EXCEPTIONS_PATH = '/-/exceptions';

/**
 * The demo services, with their instances' ports at the default base port:
 * api-auth 9101-9103, api-feeds 9111-9112, payments 9121-9122. The catalog
 * entities in examples/entities.yaml point at exactly these URLs.
 */
export const demoServices: readonly DemoServiceDefinition[] = [
  apiAuth,
  apiFeeds,
  payments,
];

/**
 * The demo batch jobs: nothing scrapes them; every run pushes to the
 * Backstage backend (examples/entities.yaml lists them with only
 * `periskop.io/service-name`).
 */
export const demoJobs: readonly DemoJobDefinition[] = [nightlyImport];

/** Where the batch jobs push by default: the example app's backend. */
export const DEFAULT_BACKEND_URL = 'http://localhost:7007';

/**
 * The static token the batch jobs push with by default: the one that the
 * example app's app-config.yaml accepts (`backend.auth.externalAccess`).
 * Not a secret; for the demo only.
 */
export const DEFAULT_PUSH_TOKEN = 'periskop-demo-push-token-not-a-secret';

/**
 * The token route of a job's entity (`pushToGateway` posts to `<url>/errors`):
 * `<backend>/api/periskop/entities/default/component/<name>/push`.
 */
export function jobPushUrl(
  job: DemoJobDefinition,
  backendUrl: string = DEFAULT_BACKEND_URL,
): string {
  const base = backendUrl.replace(/\/+$/, '');
  return `${base}/api/periskop/entities/default/component/${encodeURIComponent(
    job.name,
  )}/push`;
}

/** The port of one instance once all ports are shifted to `basePort`. */
export function instancePort(
  definitionPort: number,
  basePort: number = DEFAULT_BASE_PORT,
): number {
  return definitionPort - DEFAULT_BASE_PORT + basePort;
}

/** The exceptions URLs of a service's instances, as listed in the catalog. */
export function targetUrls(
  definition: DemoServiceDefinition,
  options: { host?: string; basePort?: number } = {},
): string[] {
  const host = options.host ?? DEFAULT_HOST;
  return definition.ports.map(
    port =>
      `http://${formatHost(host)}:${instancePort(
        port,
        options.basePort,
      )}${EXCEPTIONS_PATH}`,
  );
}

/** Puts an IPv6 literal in brackets for use in a URL. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
