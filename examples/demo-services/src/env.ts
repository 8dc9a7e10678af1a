import { demoJobs, demoServices } from './services';
import type { StartDemoServicesOptions } from './startDemoServices';

/**
 * Reads the options of the demo services from the environment:
 *
 * - `DEMO_HOST`: interface to bind (default 127.0.0.1)
 * - `DEMO_BASE_PORT`: port of api-auth#1; shifts every port (default 9101);
 *   `0` lets the OS pick free ports (the catalog URLs then no longer match)
 * - `DEMO_SPEED`: time-lapse factor of the workloads (default 1)
 * - `DEMO_SEED`: seed of all randomness (default random)
 * - `DEMO_SERVICES`: comma-separated subset of the services and batch jobs,
 *   e.g. `api-auth,payments` (which runs no batch job)
 * - `DEMO_BACKEND_URL`: where the batch jobs push (default
 *   http://localhost:7007, the example app's backend)
 * - `DEMO_PUSH_TOKEN`: the static token they push with (default the demo
 *   token of app-config.yaml)
 *
 * Throws an error that names the variable when a value is invalid.
 */
export function demoOptionsFromEnv(
  env: Record<string, string | undefined>,
): StartDemoServicesOptions {
  const options: StartDemoServicesOptions = {};

  const host = env.DEMO_HOST?.trim();
  if (host) {
    options.host = host;
  }

  const basePort = env.DEMO_BASE_PORT?.trim();
  if (basePort) {
    const value = Number(basePort);
    if (!/^\d+$/.test(basePort) || value > 65535) {
      throw new Error(
        `DEMO_BASE_PORT must be a port number between 0 and 65535 (got "${basePort}")`,
      );
    }
    options.basePort = value;
  }

  const speed = env.DEMO_SPEED?.trim();
  if (speed) {
    const value = Number(speed);
    if (!Number.isFinite(value) || value <= 0 || value > 10_000) {
      throw new Error(
        `DEMO_SPEED must be a number greater than 0 and at most 10000 (got "${speed}")`,
      );
    }
    options.speed = value;
  }

  const seed = env.DEMO_SEED?.trim();
  if (seed) {
    options.seed = seed;
  }

  const services = env.DEMO_SERVICES?.trim();
  if (services) {
    const known = [...demoServices, ...demoJobs].map(s => s.name);
    const names = services
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    const unknown = names.filter(n => !known.includes(n));
    if (unknown.length > 0) {
      throw new Error(
        `DEMO_SERVICES names unknown services: ${unknown.join(
          ', ',
        )} (known: ${known.join(', ')})`,
      );
    }
    options.services = names;
  }

  const backendUrl = env.DEMO_BACKEND_URL?.trim();
  if (backendUrl) {
    let url: URL | undefined;
    try {
      url = new URL(backendUrl);
    } catch {
      url = undefined;
    }
    // the jobs append the plugin's path (/api/periskop/…): a query or
    // fragment here would end up in the middle of the push URL
    if (
      !url ||
      !['http:', 'https:'].includes(url.protocol) ||
      url.search ||
      url.hash
    ) {
      throw new Error(
        `DEMO_BACKEND_URL must be the http(s) base URL of the Backstage backend, like http://localhost:7007 (got "${backendUrl}")`,
      );
    }
    options.backendUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  const pushToken = env.DEMO_PUSH_TOKEN?.trim();
  if (pushToken) {
    // the rules of a static token of backend.auth.externalAccess
    if (!/^\S{8,}$/.test(pushToken)) {
      throw new Error(
        'DEMO_PUSH_TOKEN must be at least 8 characters without spaces, like the static tokens of backend.auth.externalAccess',
      );
    }
    options.pushToken = pushToken;
  }

  return options;
}
