import type { Entity } from '@backstage/catalog-model';
import { ChildProcess, fork } from 'node:child_process';
import type {
  ReplicaCycle,
  ReplicaDiscovery,
  ReplicaRequest,
  ReplicaResponse,
} from './protocol';

/**
 * N backend replicas in child processes, all on one PostgreSQL database,
 * replica `i` holding shard `i` of N: what N Backstage backends with
 * `periskop.shards: N` do once the scheduler has handed each of them one of
 * the N global scrape tasks. Each child has its own event loop, connection
 * pool and keep-alive connections, so their CPU and wall time are theirs.
 */
export class ReplicaSet {
  readonly #children: ChildProcess[];
  /** `periskop.scrape.concurrency` of the replicas. */
  readonly concurrency: number;
  #nextId = 1;

  private constructor(children: ChildProcess[], concurrency: number) {
    this.#children = children;
    this.concurrency = concurrency;
  }

  get size(): number {
    return this.#children.length;
  }

  /**
   * Starts the replicas one after the other: the first one migrates the
   * schema, as the first backend to start does, so that the others do not
   * race for knex's migration lock.
   */
  static async start(options: {
    count: number;
    postgresUrl: string;
    database: string;
    entities: Entity[];
    maxLifetimeMs: number;
  }): Promise<ReplicaSet> {
    const children: ChildProcess[] = [];
    let concurrency = 0;
    try {
      for (let index = 0; index < options.count; index++) {
        const child = fork(require.resolve('./replicaChild.ts'), [], {
          execArgv: [
            '--require',
            require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          ],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          serialization: 'advanced',
        });
        children.push(child);
        const ready = waitFor(child, m => m.type === 'ready');
        send(child, {
          type: 'start',
          postgresUrl: options.postgresUrl,
          database: options.database,
          shard: { index, count: options.count },
          entities: options.entities,
          maxLifetimeMs: options.maxLifetimeMs,
        });
        const message = await ready;
        if (message.type === 'ready') {
          if (message.shards !== options.count) {
            throw new Error(
              `replica ${index} read periskop.shards = ${message.shards}, not ${options.count}`,
            );
          }
          concurrency = message.concurrency;
        }
      }
    } catch (error) {
      await new ReplicaSet(children, concurrency).stop();
      throw error;
    }
    return new ReplicaSet(children, concurrency);
  }

  /**
   * The discovery task of one cycle, on one replica (the scheduler hands
   * the global task to one of them; here they take turns).
   */
  async discover(): Promise<ReplicaDiscovery & { replica: number }> {
    const id = this.#nextId++;
    const replica = id % this.#children.length;
    const child = this.#children[replica];
    const answer = waitFor(child, m => m.type === 'discovery' && m.id === id);
    send(child, { type: 'discover', id });
    const message = await answer;
    if (message.type !== 'discovery') throw new Error('unexpected answer');
    return { ...message.discovery, replica };
  }

  /**
   * One scrape cycle on every replica at the same time (each its own
   * shard of the stored targets); resolves when all have finished, with
   * each replica's figures in replica order.
   */
  async cycle(): Promise<ReplicaCycle[]> {
    const answers = await Promise.all(
      this.#children.map(child => {
        const id = this.#nextId++;
        const answer = waitFor(child, m => m.type === 'cycle' && m.id === id);
        send(child, { type: 'cycle', id });
        return answer;
      }),
    );
    return answers.map(message => {
      if (message.type !== 'cycle') throw new Error('unexpected answer');
      return message.cycle;
    });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(
        child =>
          new Promise<void>(resolve => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve();
              return;
            }
            child.once('exit', () => resolve());
            send(child, { type: 'stop' });
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 5000).unref();
          }),
      ),
    );
  }
}

function send(child: ChildProcess, message: ReplicaRequest) {
  if (child.connected) child.send(message);
}

function waitFor(
  child: ChildProcess,
  match: (message: ReplicaResponse) => boolean,
): Promise<ReplicaResponse> {
  return new Promise((resolve, reject) => {
    const removals: Array<() => void> = [];
    const cleanup = () => removals.forEach(remove => remove());
    const onMessage = (message: ReplicaResponse) => {
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`replica failed: ${message.message}`));
      } else if (match(message)) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`replica exited with code ${code}`));
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    removals.push(
      () => child.off('message', onMessage),
      () => child.off('exit', onExit),
    );
  });
}
