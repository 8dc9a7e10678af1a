import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  createPeriskopRequestHandler,
  ErrorCollector,
  ErrorExporter,
} from '@periskop-backstage/periskop-client';
import { createRandom, Random } from './random';
import { readErrorRequest, THROW_PATH, throwRequested } from './errorOnRequest';
import { EXCEPTIONS_PATH, formatHost } from './services';
import type {
  DemoScenario,
  DemoServiceDefinition,
  ScenarioContext,
} from './types';

/** Thrown when an instance cannot bind its port because something else has it. */
export class DemoPortInUseError extends Error {
  readonly host: string;
  readonly port: number;
  readonly instanceId: string;

  constructor(instanceId: string, host: string, port: number) {
    super(
      `${instanceId} cannot listen on ${formatHost(
        host,
      )}:${port}: the port is already in use`,
    );
    this.name = 'DemoPortInUseError';
    this.instanceId = instanceId;
    this.host = host;
    this.port = port;
  }
}

export interface DemoInstanceOptions {
  definition: DemoServiceDefinition;
  /** 1-based. */
  index: number;
  host: string;
  /** 0 lets the operating system choose a free port. */
  port: number;
  /** Divides every duration of the workload; 1 is real time. */
  speed: number;
  seed: string;
  /** Where unexpected failures of the workload itself are written. */
  onWorkloadError?: (error: unknown, instance: DemoInstance) => void;
  /** Monotonic clock in milliseconds; default `performance.now`. For tests. */
  clock?: () => number;
}

/** Every steady scenario occurs for the first time within this much demo time. */
const FIRST_OCCURRENCE_WITHIN_MS = 10_000;
/** Traffic swells and ebbs by ±40 % with this period. */
const TRAFFIC_PERIOD_MS = 15 * 60_000;

/**
 * One instance of a demo service: an HTTP server with its own Periskop
 * collector (hence its own target_uuid) and a workload that keeps reporting.
 */
export class DemoInstance {
  readonly definition: DemoServiceDefinition;
  readonly index: number;
  readonly host: string;
  readonly collector: ErrorCollector;
  /** How many times each scenario (by id) reported an error so far. */
  readonly reportCounts: Record<string, number> = {};

  private readonly options: DemoInstanceOptions;
  private readonly exporter: ErrorExporter;
  private readonly server: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly clock: () => number;
  private boundPort: number | undefined;
  private workloadStartedAt: number | undefined;
  private stopped = false;

  constructor(options: DemoInstanceOptions) {
    this.options = options;
    this.definition = options.definition;
    this.index = options.index;
    this.host = options.host;
    this.clock = options.clock ?? (() => performance.now());
    this.collector = new ErrorCollector();
    this.exporter = new ErrorExporter(this.collector);
    for (const scenario of this.definition.scenarios) {
      this.reportCounts[scenario.id] = 0;
    }

    const periskopHandler = createPeriskopRequestHandler(this.exporter);
    this.server = http.createServer((req, res) => {
      let pathname = '/';
      let query = new URLSearchParams();
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        pathname = url.pathname;
        query = url.searchParams;
      } catch {
        // fall through to 404
      }
      if (pathname === EXCEPTIONS_PATH) {
        periskopHandler(req, res);
        return;
      }
      if (pathname === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'ok',
            service: this.definition.name,
            instance: this.id,
            targetUuid: this.targetUuid,
          }),
        );
        return;
      }
      if (pathname === THROW_PATH) {
        this.throwOnRequest(req, res, query);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found. The Periskop endpoint is ${EXCEPTIONS_PATH}\n`);
    });
  }

  /**
   * `POST /-/throw?class=...`: reports one error of the requested class
   * (see `errorOnRequest.ts`), answering what it reported.
   */
  private throwOnRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    query: URLSearchParams,
  ): void {
    const text = (status: number, body: string, headers = {}) => {
      res.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        ...headers,
      });
      res.end(`${body}\n`);
    };
    if (req.method !== 'POST') {
      text(405, `Use POST ${THROW_PATH}?class=...`, { Allow: 'POST' });
      return;
    }
    const request = readErrorRequest(query);
    if (!request.ok) {
      text(400, request.reason);
      return;
    }
    this.collector.report(throwRequested(request.errorClass, request.message), {
      severity: request.severity,
      httpContext: {
        requestMethod: 'POST',
        requestUrl: `http://${formatHost(this.host)}:${this.port}${
          req.url ?? THROW_PATH
        }`,
        requestHeaders: {},
        requestBody: null,
      },
    });
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        instance: this.id,
        class: request.errorClass,
        message: request.message,
        severity: request.severity,
      }),
    );
  }

  /** `api-auth#1` */
  get id(): string {
    return `${this.definition.name}#${this.index}`;
  }

  get targetUuid(): string {
    return this.collector.targetUuid;
  }

  /** The port the server is bound to (after {@link listen}). */
  get port(): number {
    return this.boundPort ?? this.options.port;
  }

  /** The URL of the Periskop endpoint. */
  get url(): string {
    const host =
      this.host === '0.0.0.0' || this.host === '::' ? 'localhost' : this.host;
    return `http://${formatHost(host)}:${this.port}${EXCEPTIONS_PATH}`;
  }

  /** Binds the HTTP server; rejects with {@link DemoPortInUseError} if the port is taken. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') {
          reject(new DemoPortInUseError(this.id, this.host, this.options.port));
        } else {
          reject(
            new Error(
              `${this.id} cannot listen on ${formatHost(this.host)}:${
                this.options.port
              }: ${error.message}`,
              { cause: error },
            ),
          );
        }
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.host, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Starts the timers that keep producing errors. */
  startWorkload(): void {
    if (this.workloadStartedAt !== undefined || this.stopped) {
      return;
    }
    this.workloadStartedAt = this.clock();
    const { seed } = this.options;
    for (const scenario of this.definition.scenarios) {
      const content = createRandom(`${seed}/${this.id}/${scenario.id}`);
      const timing = createRandom(`${seed}/${this.id}/${scenario.id}/timing`);
      const context = this.createContext(scenario, content);
      if (scenario.meanIntervalMs !== undefined) {
        this.scheduleSteady(scenario, context, timing);
      }
      if (scenario.burst) {
        this.scheduleBursts(scenario, context, timing);
      }
    }
  }

  /** Stops the workload and closes the server (and any open connection). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    if (!this.server.listening) {
      return;
    }
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Demo time elapsed since the workload started (real time × speed). */
  private elapsed(): number {
    if (this.workloadStartedAt === undefined) {
      return 0;
    }
    return (this.clock() - this.workloadStartedAt) * this.options.speed;
  }

  /** Runs `fn` when the demo clock reads `demoTime`. */
  private at(demoTime: number, fn: () => void): void {
    const delay = Math.max(0, (demoTime - this.elapsed()) / this.options.speed);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) {
        fn();
      }
    }, delay);
    this.timers.add(timer);
  }

  private createContext(
    scenario: DemoScenario,
    random: Random,
  ): ScenarioContext {
    return {
      service: this.definition.name,
      instance: this.index,
      random,
      now: () => new Date(),
      report: (error, { severity, request, aggregationKey }) => {
        this.collector.report(error, {
          severity,
          aggregationKey,
          httpContext: request && {
            requestMethod: request.method,
            requestUrl: request.url,
            requestHeaders: request.headers,
            requestBody: request.body ?? null,
          },
        });
        this.reportCounts[scenario.id] += 1;
      },
    };
  }

  private runScenario(scenario: DemoScenario, context: ScenarioContext): void {
    try {
      scenario.run(context);
    } catch (error) {
      // The scenarios catch what they throw; this is a bug in the demo itself.
      if (this.options.onWorkloadError) {
        this.options.onWorkloadError(error, this);
      } else {
        process.stderr.write(
          `${this.id}: scenario ${scenario.id} failed: ${String(error)}\n`,
        );
      }
    }
  }

  private scheduleSteady(
    scenario: DemoScenario,
    context: ScenarioContext,
    timing: Random,
  ): void {
    const mean = scenario.meanIntervalMs!;
    const stopAfter = scenario.stopAfterMs ?? Infinity;
    const phase = timing.next() * 2 * Math.PI;
    const traffic = (demoTime: number) =>
      1 + 0.4 * Math.sin((2 * Math.PI * demoTime) / TRAFFIC_PERIOD_MS + phase);

    const tick = (scheduledAt: number) => {
      if (scheduledAt >= stopAfter) {
        return; // the bug was fixed
      }
      this.runScenario(scenario, context);
      const gap = Math.min(
        Math.max(timing.exponential(mean), mean * 0.1),
        mean * 4,
      );
      const next = scheduledAt + gap / traffic(scheduledAt);
      this.at(next, () => tick(next));
    };

    const first = timing.next() * Math.min(mean, FIRST_OCCURRENCE_WITHIN_MS);
    this.at(first, () => tick(first));
  }

  private scheduleBursts(
    scenario: DemoScenario,
    context: ScenarioContext,
    timing: Random,
  ): void {
    const burst = scenario.burst!;
    const stopAfter = scenario.stopAfterMs ?? Infinity;
    // Shared by all instances of the service: they burst together, the way a
    // cache expiry or an upstream outage hits every instance at once.
    const schedule = createRandom(
      `${this.options.seed}/${this.definition.name}/${scenario.id}/bursts`,
    );
    const jitter = () => (schedule.next() * 2 - 1) * burst.jitterMs;

    const startBurst = (start: number) => {
      if (start >= stopAfter) {
        return;
      }
      const count = timing.int(burst.count[0], burst.count[1]);
      for (let i = 0; i < count; i++) {
        this.at(start + timing.next() * burst.withinMs, () =>
          this.runScenario(scenario, context),
        );
      }
      const next = start + burst.everyMs + jitter();
      this.at(next, () => startBurst(next));
    };

    const first = Math.max(0, burst.firstAfterMs + jitter());
    this.at(first, () => startBurst(first));
  }
}
