import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { CountingInstance } from '../__testUtils__/CountingInstance';
import { createTestDatabases } from '../__testUtils__/databases';
import { PayloadServer } from '../__testUtils__/payloadServer';
import type {
  ScrapeProcessRequest,
  ScrapeProcessResponse,
} from '../__testUtils__/scrapeProcess';
import { createTestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import { ScrapePool } from './ScrapePool';
import { TargetScraper } from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';
import { StaticDiscovery } from '../__testUtils__/StaticDiscovery';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const ENTITY = 'component:default/orders';
const KEYS = ['TimeoutError@c3', 'ValueError@d4'];

/** A backend process that scrapes (see `__testUtils__/scrapeProcess.ts`). */
class ScrapeProcess {
  readonly exited: Promise<NodeJS.Signals | number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise(resolve =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
  }

  static async start(knexConfig: Knex.Config, targets: ScrapeTarget[]) {
    const child = fork(
      path.resolve(__dirname, '../__testUtils__/scrapeProcess.ts'),
      [],
      {
        execArgv: [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        ],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const process = new ScrapeProcess(child);
    await process.request({ type: 'start', knexConfig, targets });
    return process;
  }

  /** Sends a request; resolves with the answer, or with the exit signal. */
  request(
    message: ScrapeProcessRequest,
  ): Promise<ScrapeProcessResponse | { type: 'exit'; how: unknown }> {
    // (the TypeScript transform sends messages of its own: `watch`)
    const answer = new Promise<ScrapeProcessResponse>((resolve, reject) => {
      const onMessage = (m: ScrapeProcessResponse) => {
        if (!['ready', 'done', 'error'].includes(m?.type)) return;
        this.child.off('message', onMessage);
        if (m.type === 'error') reject(new Error(m.message));
        else resolve(m);
      };
      this.child.on('message', onMessage);
    });
    this.child.send(message);
    return Promise.race([
      answer,
      this.exited.then(how => ({ type: 'exit' as const, how })),
    ]);
  }

  kill() {
    this.child.kill('SIGKILL');
  }
}

/** The knex configuration of a test database, for another process. */
async function knexConfigFor(
  databaseId: TestDatabaseId,
): Promise<{ config: Knex.Config; cleanup: () => void }> {
  if (databaseId === 'SQLITE_3') {
    // a file, since an in-memory database cannot be shared with a child
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periskop-kill-'));
    return {
      config: {
        client: 'better-sqlite3',
        connection: { filename: path.join(dir, 'periskop.sqlite') },
        useNullAsDefault: true,
      },
      cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const knex = await databases.init(databaseId);
  const { connection } = knex.client.config;
  return {
    config: {
      ...knex.client.config,
      // knex hides the password from enumeration, and so from IPC
      connection:
        typeof connection === 'object'
          ? { ...connection, password: connection.password }
          : connection,
      pool: { min: 0, max: 5 },
    },
    cleanup: () => {},
  };
}

describe('a backend process killed in the middle of a scrape cycle', () => {
  let server: PayloadServer;

  beforeAll(async () => {
    server = await PayloadServer.start();
  });

  afterAll(async () => {
    await server.stop();
  });

  it.each(databases.eachSupportedId())(
    'loses nothing and counts nothing twice on %p',
    async databaseId => {
      const { config, cleanup } = await knexConfigFor(databaseId);
      const growing = [1, 2, 3, 4].map(
        i => new CountingInstance(`${databaseId}-pod-${i}`),
      );
      const slow = new CountingInstance(`${databaseId}-pod-slow`);
      const instances = [...growing, slow];
      const pathOf = (instance: CountingInstance) =>
        `/${instance.name}/-/exceptions`;
      let slowDelayMs = 0;
      let round = 0;
      const tick = () => {
        round += 1;
        for (const [i, instance] of instances.entries()) {
          instance.report(KEYS[0], 1 + ((round + i) % 3));
          instance.report(KEYS[1], 1 + (round % 2));
          server.set(pathOf(instance), {
            body: instance.payload(),
            delayMs: instance === slow ? slowDelayMs : undefined,
          });
        }
      };
      const targets = instances.map(instance => {
        const url = server.url(pathOf(instance));
        return {
          id: targetId(ENTITY, url),
          entityRef: ENTITY,
          url,
          source: url,
        };
      });

      let knex: Knex | undefined;
      let fetcher: UndiciTargetFetcher | undefined;
      const processes: ScrapeProcess[] = [];
      try {
        // a backend scrapes one cycle, then dies at the third statement
        // inside an ingest transaction of its second
        tick();
        const first = await ScrapeProcess.start(config, targets);
        processes.push(first);
        expect(await first.request({ type: 'cycle' })).toEqual({
          type: 'done',
          ok: 5,
          failed: 0,
        });
        tick();
        expect(
          await first.request({ type: 'cycle', dieAtStatement: 3 }),
        ).toEqual({ type: 'exit', how: 'SIGKILL' });

        // the next backend is killed from outside while it waits for the
        // slow target, after the others' applies went through
        tick();
        slowDelayMs = 3_000;
        tick();
        const second = await ScrapeProcess.start(config, targets);
        processes.push(second);
        const slowPath = pathOf(slow);
        const before = server.requests.filter(r => r === slowPath).length;
        const cycle = second.request({ type: 'cycle' });
        while (server.requests.filter(r => r === slowPath).length === before) {
          await new Promise(r => setTimeout(r, 20));
        }
        await new Promise(r => setTimeout(r, 200));
        second.kill();
        expect(await cycle).toEqual({ type: 'exit', how: 'SIGKILL' });

        // a fresh backend on the same database takes over
        slowDelayMs = 0;
        tick();
        knex = knexFactory(config);
        const store = await createTestStore({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        });
        const logger = mockServices.logger.mock();
        fetcher = new UndiciTargetFetcher({
          timeoutMs: 5_000,
          maxBodyBytes: 1024 * 1024,
          concurrency: 4,
        });
        const pool = new ScrapePool({
          discovery: new StaticDiscovery(targets),
          store,
          logger,
          concurrency: 2,
          scraper: new TargetScraper({
            fetcher,
            store,
            logger,
            maxKeysPerTarget: 100,
            redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
          }),
        });
        expect(await pool.scrapeAll()).toMatchObject({ ok: 5, failed: 0 });
        tick();
        expect(await pool.scrapeAll()).toMatchObject({ ok: 5, failed: 0 });

        // exactly what the instances reported, in totals and time series
        const groups = await store.listErrorGroups(ENTITY);
        for (const key of KEYS) {
          const expected = instances.reduce(
            (sum, instance) => sum + instance.reported.get(key)!,
            0,
          );
          const group = groups.find(g => g.aggregationKey === key)!;
          expect(group.totalCount).toBe(expected);
          const [{ n }] = await knex('occurrences')
            .where('group_id', group.id)
            .sum({ n: 'count' });
          expect(Number(n)).toBe(expected);
        }
        const [{ n: samples }] = await knex('samples').count({ n: '*' });
        const [{ n: distinct }] = await knex('samples').countDistinct({
          n: 'uuid',
        });
        expect(Number(samples)).toBe(Number(distinct));
      } finally {
        for (const process of processes) process.kill();
        await Promise.all(processes.map(p => p.exited));
        await fetcher?.close();
        await knex?.destroy();
        cleanup();
      }
    },
  );
});
