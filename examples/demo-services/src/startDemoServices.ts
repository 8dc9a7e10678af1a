import { randomBytes } from 'node:crypto';
import { DemoInstance } from './instance';
import { DemoJob } from './job';
import {
  DEFAULT_BACKEND_URL,
  DEFAULT_BASE_PORT,
  DEFAULT_HOST,
  DEFAULT_PUSH_TOKEN,
  demoJobs,
  demoServices,
  instancePort,
} from './services';
import type { DemoJobDefinition, DemoServiceDefinition } from './types';

export interface StartDemoServicesOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /**
   * The port of api-auth#1; all other ports move with it (default 9101).
   * `0` gives every instance a free port chosen by the operating system.
   */
  basePort?: number;
  /** Time-lapse factor of the workloads; default 1 (real time). */
  speed?: number;
  /** Seed of all randomness; default: a random one (see the result's `seed`). */
  seed?: string;
  /**
   * Which services and batch jobs to start (names or definitions); default
   * all of them, `nightly-import` included.
   */
  services?: ReadonlyArray<string | DemoServiceDefinition | DemoJobDefinition>;
  /** Where the batch jobs push: the Backstage backend; default `http://localhost:7007`. */
  backendUrl?: string;
  /** The static token the batch jobs push with; default the one in app-config.yaml. */
  pushToken?: string;
  /** Where the batch jobs say that a push failed (or works again); default stdout. */
  log?: (line: string) => void;
  /** Called when a workload itself fails (a bug in the demo, not a demo error). */
  onWorkloadError?: (error: unknown, instance: DemoInstance | DemoJob) => void;
}

export interface RunningDemoService {
  name: string;
  definition: DemoServiceDefinition;
  instances: DemoInstance[];
}

export interface RunningDemoServices {
  services: RunningDemoService[];
  /** Every instance of every service, in start order. */
  instances: DemoInstance[];
  /** The batch jobs, which push instead of being scraped. */
  jobs: DemoJob[];
  /** The seed in use; pass it as `DEMO_SEED` to reproduce the run. */
  seed: string;
  speed: number;
  /** Stops all workloads and jobs and closes all servers. Safe to call twice. */
  stop(): Promise<void>;
}

function resolveDefinitions(selection: StartDemoServicesOptions['services']): {
  services: DemoServiceDefinition[];
  jobs: DemoJobDefinition[];
} {
  if (!selection) {
    return { services: [...demoServices], jobs: [...demoJobs] };
  }
  const known = [...demoServices, ...demoJobs];
  const definitions = selection.map(entry => {
    if (typeof entry !== 'string') {
      return entry;
    }
    const found = known.find(s => s.name === entry);
    if (!found) {
      throw new Error(
        `Unknown demo service "${entry}"; known: ${known
          .map(s => s.name)
          .join(', ')}`,
      );
    }
    return found;
  });
  return {
    services: definitions.filter(
      (d): d is DemoServiceDefinition => 'ports' in d,
    ),
    jobs: definitions.filter((d): d is DemoJobDefinition => 'planRun' in d),
  };
}

/**
 * Starts the demo services in this process: every instance listens on its
 * port first; only when all of them listen do the workloads start. If any
 * port cannot be bound, everything started so far is closed again and the
 * promise rejects (with a `DemoPortInUseError` when the port is taken).
 */
export async function startDemoServices(
  options: StartDemoServicesOptions = {},
): Promise<RunningDemoServices> {
  const host = options.host ?? DEFAULT_HOST;
  const basePort = options.basePort ?? DEFAULT_BASE_PORT;
  const speed = options.speed ?? 1;
  const seed = options.seed ?? randomBytes(4).toString('hex');
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new Error(`speed must be a positive number (got ${speed})`);
  }
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535) {
    throw new Error(
      `basePort must be an integer port number (got ${basePort})`,
    );
  }
  const definitions = resolveDefinitions(options.services);
  const backendUrl = options.backendUrl ?? DEFAULT_BACKEND_URL;

  const services: RunningDemoService[] = definitions.services.map(
    definition => ({
      name: definition.name,
      definition,
      instances: definition.ports.map((port, i) => {
        const resolvedPort = basePort === 0 ? 0 : instancePort(port, basePort);
        if (resolvedPort > 65535) {
          throw new Error(
            `basePort ${basePort} puts ${definition.name}#${
              i + 1
            } on port ${resolvedPort}, which does not exist`,
          );
        }
        return new DemoInstance({
          definition,
          index: i + 1,
          host,
          port: resolvedPort,
          speed,
          seed,
          onWorkloadError: options.onWorkloadError,
        });
      }),
    }),
  );
  const instances = services.flatMap(s => s.instances);
  const jobs = definitions.jobs.map(
    definition =>
      new DemoJob({
        definition,
        backendUrl,
        token: options.pushToken ?? DEFAULT_PUSH_TOKEN,
        speed,
        seed,
        log: options.log,
        onWorkloadError: options.onWorkloadError,
      }),
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.all([
      ...instances.map(i => i.stop()),
      ...jobs.map(j => j.stop()),
    ]).then(() => {});
    return stopping;
  };

  const results = await Promise.allSettled(instances.map(i => i.listen()));
  const failure = results.find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failure) {
    await stop();
    throw failure.reason;
  }

  for (const instance of instances) {
    instance.startWorkload();
  }
  for (const job of jobs) {
    job.start();
  }

  return { services, instances, jobs, seed, speed, stop };
}
