import { ChildProcess, fork } from 'node:child_process';
import { FleetShape } from './FleetPayloads';
import type { FleetRequest, FleetResponse, FleetStats } from './protocol';

/** File descriptors a fleet child needs per instance: its listener and the accepted connection. */
const FDS_PER_INSTANCE = 2;
/** Descriptors kept free in every process for everything else. */
const FD_HEADROOM = 1000;

/** One running child and its slice of the fleet. */
interface Child {
  process: ChildProcess;
  first: number;
  count: number;
}

/**
 * The synthetic fleet on loopback: `shape.instances` HTTP servers, each a
 * distinct origin `http://127.0.0.1:<port>`, split across as many child
 * processes as the file descriptor limit requires (the scraper's process
 * then measures only its own CPU and memory). Children exit by themselves
 * when this process exits.
 */
export class Fleet {
  readonly shape: FleetShape;
  readonly #children: Child[];
  /** Port of every instance, by global index. */
  readonly ports: number[];
  /** Sizes of the payloads built so far (a sample when not all are cached). */
  payloadBytes: number[];
  #nextId = 1;
  #round = 0;

  private constructor(
    shape: FleetShape,
    children: Child[],
    ports: number[],
    sizes: number[],
  ) {
    this.shape = shape;
    this.#children = children;
    this.ports = ports;
    this.payloadBytes = sizes;
  }

  /** Processes needed to stay below `fdLimit` descriptors each. */
  static childrenFor(instances: number, fdLimit: number): number {
    const perChild = Math.max(
      1,
      Math.floor((fdLimit - FD_HEADROOM) / FDS_PER_INSTANCE),
    );
    return Math.max(1, Math.ceil(instances / perChild));
  }

  static async start(options: {
    shape: FleetShape;
    fdLimit: number;
    /** Total memory the children may use to keep built payloads. */
    cacheBytes: number;
    maxLifetimeMs: number;
    /** Fraction of the instances that reorder their keys on every request. */
    reordering: number;
  }): Promise<Fleet> {
    const { shape } = options;
    const count = Fleet.childrenFor(shape.instances, options.fdLimit);
    const perChild = Math.ceil(shape.instances / count);
    const now = Date.now();
    const children: Child[] = [];
    for (let first = 0; first < shape.instances; first += perChild) {
      children.push({
        process: fork(require.resolve('./fleetChild.ts'), [], {
          execArgv: [
            // to release dropped payloads before building new ones
            '--expose-gc',
            '--require',
            require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          ],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          serialization: 'advanced',
        }),
        first,
        count: Math.min(perChild, shape.instances - first),
      });
    }
    const ready = await Promise.all(
      children.map(child => {
        const answer = waitFor(child.process, m => m.type === 'ready');
        send(child.process, {
          type: 'start',
          shape,
          first: child.first,
          count: child.count,
          now,
          cacheBytes: Math.floor(options.cacheBytes / children.length),
          maxLifetimeMs: options.maxLifetimeMs,
          reordering: options.reordering,
        });
        return answer;
      }),
    );
    const ports: number[] = [];
    const sizes: number[] = [];
    for (const message of ready) {
      if (message.type === 'ready') {
        ports.push(...message.ports);
        sizes.push(...message.payloadBytes);
      }
    }
    return new Fleet(shape, children, ports, sizes);
  }

  get processes(): number {
    return this.#children.length;
  }

  url(instance: number): string {
    return `http://127.0.0.1:${this.ports[instance]}/-/exceptions`;
  }

  /** 10% of every instance's keys get new occurrences and samples. */
  churn(): Promise<number> {
    return this.#mutate('churn');
  }

  /** 20% of the instances restart: new target_uuid, low counters. */
  restartWave(): Promise<number> {
    return this.#mutate('restart');
  }

  /** Back to the initial payloads (before every database's scenarios). */
  reset(): Promise<number> {
    return this.#mutate('reset');
  }

  /**
   * From now on `fraction` (0 … 1) of the instances serve their keys in a
   * new order on every request (which ones: see `reordersAt`; the same
   * instances every time for the same fraction). Returns how many do.
   */
  async setReordering(fraction: number): Promise<number> {
    let reordering = 0;
    for (const message of await this.#askAll(id => ({
      type: 'reordering',
      id,
      fraction,
    }))) {
      if (message.type === 'done') reordering += message.changed;
    }
    return reordering;
  }

  /** Requests each instance (by global index) served since the last reset. */
  async requestCounts(): Promise<Uint32Array> {
    const counts = new Uint32Array(this.ports.length);
    const answers = await this.#askAll(id => ({ type: 'requests', id }));
    answers.forEach((message, c) => {
      if (message.type === 'requests') {
        counts.set(message.counts, this.#children[c].first);
      }
    });
    return counts;
  }

  async stats(): Promise<FleetStats> {
    const total: FleetStats = {
      requests: 0,
      bytes: 0,
      cpuSeconds: 0,
      rssBytes: 0,
      lifetimeOccurrences: 0,
      reorderedResponses: 0,
      cachedBytes: 0,
    };
    for (const message of await this.#askAll(id => ({ type: 'stats', id }))) {
      if (message.type === 'stats') {
        for (const key of Object.keys(total) as Array<keyof FleetStats>) {
          total[key] += message.stats[key];
        }
      }
    }
    return total;
  }

  /** Sends a request with a fresh id to every child; their answers, in child order. */
  #askAll(
    make: (id: number) => FleetRequest & { id: number },
  ): Promise<FleetResponse[]> {
    return Promise.all(
      this.#children.map(child => {
        const id = this.#nextId++;
        const answer = waitFor(
          child.process,
          m => m.type !== 'ready' && m.type !== 'error' && m.id === id,
        );
        send(child.process, make(id));
        return answer;
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(
        child =>
          new Promise<void>(resolve => {
            if (child.process.exitCode !== null) {
              resolve();
              return;
            }
            child.process.once('exit', () => resolve());
            send(child.process, { type: 'stop' });
            setTimeout(() => {
              child.process.kill('SIGKILL');
              resolve();
            }, 5000).unref();
          }),
      ),
    );
  }

  async #mutate(kind: 'churn' | 'restart' | 'reset'): Promise<number> {
    // a reset starts the rounds again, so every database sees the same changes
    this.#round = kind === 'reset' ? 0 : this.#round + 1;
    const round = this.#round;
    const now = Date.now();
    const done = await this.#askAll(id =>
      kind === 'reset' ? { type: kind, id } : { type: kind, id, round, now },
    );
    let changed = 0;
    const sizes: number[] = [];
    for (const message of done) {
      if (message.type === 'done') {
        changed += message.changed;
        sizes.push(...message.payloadBytes);
      }
    }
    this.payloadBytes = sizes;
    return changed;
  }
}

function send(child: ChildProcess, message: FleetRequest) {
  child.send(message);
}

function waitFor(
  child: ChildProcess,
  match: (message: FleetResponse) => boolean,
): Promise<FleetResponse> {
  return new Promise((resolve, reject) => {
    const removals: Array<() => void> = [];
    const cleanup = () => removals.forEach(remove => remove());
    const onMessage = (message: FleetResponse) => {
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`fleet child failed: ${message.message}`));
      } else if (match(message)) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`fleet child exited with code ${code}`));
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    removals.push(
      () => child.off('message', onMessage),
      () => child.off('exit', onExit),
    );
  });
}
