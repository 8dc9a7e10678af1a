import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { CountingInstance } from '../__testUtils__/CountingInstance';
import { componentEntity } from '../__testUtils__/componentEntity';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { TemporaryPostgres } from '../__testUtils__/TemporaryPostgres';
import { createTestStore, TestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import { periskopPlugin } from '../plugin';
import { ScrapePool } from './ScrapePool';
import { STORAGE_ERROR_REASON, TargetScraper } from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';
import { waitUntil } from '../__testUtils__/waitUntil';
import { StaticDiscovery } from '../__testUtils__/StaticDiscovery';

jest.setTimeout(120_000);

const unavailable = TemporaryPostgres.unavailableReason();
if (unavailable) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping the PostgreSQL outage test: ${unavailable}`);
}
const describeWithPostgres = unavailable ? describe.skip : describe;

const ENTITY = 'component:default/checkout';
const KEYS = ['TimeoutError@a1', 'DbError@b2'];

/** Occurrences stored per key: group totals, and what the time series holds. */
async function storedTotals(knex: Knex) {
  const groups = await knex('error_groups')
    .where('entity_ref', ENTITY)
    .select('id', 'aggregation_key', 'total_count');
  const totals = new Map<string, number>();
  const buckets = new Map<string, number>();
  for (const group of groups) {
    totals.set(group.aggregation_key, Number(group.total_count));
    const [sum] = await knex('occurrences')
      .where('group_id', group.id)
      .sum({ n: 'count' });
    buckets.set(group.aggregation_key, Number(sum?.n ?? 0));
  }
  return { totals, buckets };
}

/** A knex client whose own warnings (each failed connect) stay out of the test output. */
function connect(connectionString: string): Knex {
  const quiet = () => {};
  return knexFactory({
    client: 'pg',
    connection: connectionString,
    pool: { min: 0, max: 8 },
    log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet },
  });
}

describeWithPostgres('scraping through an outage of its own PostgreSQL', () => {
  let postgres: TemporaryPostgres;
  let server: PayloadServer;
  let knex: Knex;
  let fetcher: UndiciTargetFetcher;

  beforeAll(async () => {
    postgres = await TemporaryPostgres.start();
    server = await PayloadServer.start();
    knex = connect(postgres.connectionString);
    fetcher = new UndiciTargetFetcher({
      timeoutMs: 5_000,
      maxBodyBytes: 1024 * 1024,
      concurrency: 8,
    });
  });

  afterAll(async () => {
    await fetcher?.close();
    await knex?.destroy();
    await server?.stop();
    postgres?.destroy();
  });

  it('counts exactly when the server dies mid-transaction, stays down for cycles and comes back', async () => {
    const store: TestStore = await createTestStore({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const logger = mockServices.logger.mock();

    // five instances whose counts keep growing, one that restarts during
    // the outage, and one that answers slowly (in flight when it happens)
    const growing = [1, 2, 3, 4, 5].map(i => new CountingInstance(`pod-${i}`));
    const restarting = new CountingInstance('pod-restarting');
    const slow = new CountingInstance('pod-slow');
    const instances = [...growing, restarting, slow];
    const pathOf = (instance: CountingInstance) =>
      `/${instance.name}/-/exceptions`;
    const serve = () => {
      for (const instance of instances) {
        server.set(pathOf(instance), {
          body: instance.payload(),
          delayMs: instance === slow ? 300 : undefined,
        });
      }
    };
    let round = 0;
    const tick = (who: CountingInstance[]) => {
      round += 1;
      for (const [i, instance] of who.entries()) {
        instance.report(KEYS[0], 1 + ((round + i) % 3));
        instance.report(KEYS[1], 1 + (round % 2));
      }
      serve();
    };

    const pool = new ScrapePool({
      discovery: new StaticDiscovery(
        instances.map(instance => {
          const url = server.url(pathOf(instance));
          return {
            id: targetId(ENTITY, url),
            entityRef: ENTITY,
            url,
            source: url,
          };
        }),
      ),
      store,
      logger,
      // two at a time, so that the cycle is still running when it happens
      concurrency: 2,
      scraper: new TargetScraper({
        fetcher,
        store,
        logger,
        maxKeysPerTarget: 100,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
      }),
    });

    // two healthy cycles
    tick(instances);
    expect(await pool.scrapeAll()).toMatchObject({ ok: 7, failed: 0 });
    tick(instances);
    expect(await pool.scrapeAll()).toMatchObject({ ok: 7, failed: 0 });
    // from here the restarting instance reports nothing until its restart,
    // so what is stored of its first life does not depend on where the
    // crash cuts the cycle
    const storedBeforeRestart = new Map(
      KEYS.map(k => [k, restarting.count(k)]),
    );

    // the server dies at the third statement inside an ingest transaction
    tick([...growing, slow]);
    let crashed = false;
    /** Crashes the server at the third statement inside an ingest transaction. */
    const crashAtThirdStatement = (afterCrash: () => void = () => {}) => {
      let statementsInTransactions = 0;
      crashed = false;
      return (query: { sql: string; __knexTxId?: string }) => {
        if (
          crashed ||
          !query.__knexTxId ||
          /^(BEGIN|COMMIT|ROLLBACK)/i.test(query.sql)
        ) {
          return;
        }
        statementsInTransactions += 1;
        if (statementsInTransactions === 3) {
          crashed = true;
          postgres.crash();
          afterCrash();
        }
      };
    };
    const crashMidTransaction = crashAtThirdStatement();
    knex.on('query', crashMidTransaction);
    try {
      await expect(pool.scrapeAll()).rejects.toThrow();
    } finally {
      knex.off('query', crashMidTransaction);
    }
    expect(crashed).toBe(true);
    // the targets' own failures, and the cycle's, are logged in full
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/^Failed to store the scrape of /),
      expect.any(Error),
    );
    expect(logger.error).toHaveBeenCalledWith(
      'Periskop scrape cycle failed: storage error while recording the health of 7 targets',
      // a connection error, made in Node's realm rather than the test's
      expect.objectContaining({ message: expect.any(String) }),
    );
    logger.error.mockClear();

    // down: the targets go on reporting, one of them restarts; every cycle
    // fails fast without taking the process down
    tick([...growing, slow]);
    restarting.report(KEYS[0], 2); // never scraped: lost with the process
    restarting.restart();
    restarting.report(KEYS[0], 3);
    restarting.report(KEYS[1], 1);
    serve();
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      await expect(pool.scrapeAll()).rejects.toThrow(/ECONNREFUSED|connect/);
      expect(Date.now() - started).toBeLessThan(10_000);
      tick([...growing, slow]);
    }
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledWith(
      'Periskop scrape cycle failed: storage error while storing the discovered targets',
      expect.objectContaining({
        message: expect.stringMatching(/ECONNREFUSED/),
      }),
    );

    // back, on the same store and connection pool: no restart of anything
    postgres.startServer();
    tick([...growing, slow]);
    expect(await pool.scrapeAll()).toMatchObject({ ok: 7, failed: 0 });

    // a scheduled cycle (it has the task's signal) that loses the database
    // waits for it, and records its targets' health once it is back
    tick([...growing, slow]);
    logger.error.mockClear();
    let restarted: Promise<void> | undefined;
    const crashThenRestart = crashAtThirdStatement(() => {
      restarted = new Promise(resolve =>
        setTimeout(() => {
          postgres.startServer();
          resolve();
        }, 1_500),
      );
    });
    knex.on('query', crashThenRestart);
    let waited;
    try {
      waited = await pool.scrapeAll({ signal: new AbortController().signal });
    } finally {
      knex.off('query', crashThenRestart);
    }
    await restarted;
    expect(crashed).toBe(true);
    expect(waited.ok + waited.failed).toBe(7);
    expect(waited.failed).toBeGreaterThan(0);
    expect(logger.error).toHaveBeenCalledWith(
      "Periskop scrape cycle: storage error while recording the health of 7 targets; waiting for the database until the task's timeout",
      expect.objectContaining({ message: expect.any(String) }),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Periskop scrape cycle: the database is back after \d+s, done recording the health of 7 targets$/,
      ),
    );
    const reported = await store.listTargets();
    expect(
      reported.filter(t => t.lastError === STORAGE_ERROR_REASON),
    ).toHaveLength(waited.failed);

    const recoveredAt = Date.now();
    tick(instances);
    expect(await pool.scrapeAll()).toMatchObject({ ok: 7, failed: 0 });

    const expected = new Map(
      KEYS.map(key => [
        key,
        [...growing, slow].reduce(
          (sum, i) => sum + (i.reported.get(key) ?? 0),
          0,
        ) +
          storedBeforeRestart.get(key)! +
          restarting.count(key),
      ]),
    );
    const { totals, buckets } = await storedTotals(knex);
    // nothing lost, nothing counted twice, in the totals and the time series
    expect(totals).toEqual(expected);
    expect(buckets).toEqual(expected);
    // the restart was seen as a new instance
    const [{ n: instanceRows }] = await knex('instances').count({ n: '*' });
    expect(Number(instanceRows)).toBe(8);
    // every sample stored once
    const [{ n: samples }] = await knex('samples').count({ n: '*' });
    const [{ n: distinct }] = await knex('samples').countDistinct({
      n: 'uuid',
    });
    expect(Number(samples)).toBe(Number(distinct));

    const health = await store.listTargets();
    expect(health).toHaveLength(7);
    for (const target of health) {
      expect(target).toMatchObject({ up: true, lastError: null });
      expect(target.lastScrapeAt).toBeGreaterThanOrEqual(recoveredAt);
    }
  });

  it('the plugin on the real scheduler recovers from a crash mid-cycle without a restart', async () => {
    await knex.raw('CREATE DATABASE plugin_outage');
    const pluginKnex = connect(
      postgres.connectionString.replace(/\/postgres$/, '/plugin_outage'),
    );
    const instance = new CountingInstance('plugin-pod');
    const path = `/${instance.name}/-/exceptions`;
    // slow, so that the crash comes while a scheduled cycle runs
    const serve = () =>
      server.set(path, { body: instance.payload(), delayMs: 400 });
    const entity = 'component:default/plugin-outage';
    const total = async () => {
      try {
        const [row] = await pluginKnex('error_groups')
          .where('entity_ref', entity)
          .sum({ n: 'total_count' });
        return Number(row?.n ?? 0);
      } catch {
        return -1; // down
      }
    };
    instance.report(KEYS[0], 2);
    serve();
    const backend = await startTestBackend({
      features: [
        periskopPlugin,
        schedulerServiceFactory,
        mockServices.database.factory({ knex: pluginKnex }),
        catalogServiceMock.factory({
          entities: [
            componentEntity('plugin-outage', { targets: server.url(path) }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            periskop: {
              schedule: {
                frequency: { seconds: 1 },
                timeout: { seconds: 30 },
                initialDelay: { seconds: 0 },
              },
            },
          },
        }),
      ],
    });
    try {
      await waitUntil(async () => (await total()) === 2, 20_000);
      // the server dies while a cycle waits for the slow target
      instance.report(KEYS[0], 1);
      serve();
      const requests = server.requests.length;
      await waitUntil(async () => server.requests.length > requests, 10_000);
      postgres.crash();
      for (let i = 0; i < 4; i++) {
        instance.report(KEYS[0], 1);
        instance.report(KEYS[1], 1);
        serve();
        await new Promise(r => setTimeout(r, 500));
      }
      expect(await total()).toBe(-1);
      postgres.startServer();
      // The running cycle waited for the database and then ended normally,
      // so the scheduler could release the task. Had it failed, the task
      // would stay claimed in the (unreachable) database, and run again
      // only after the scheduler's janitor freed it past the timeout.
      const reported = () =>
        KEYS.reduce((sum, key) => sum + (instance.reported.get(key) ?? 0), 0);
      await waitUntil(async () => (await total()) === reported(), 15_000);
      instance.report(KEYS[1], 2);
      serve();
      await waitUntil(async () => (await total()) === reported(), 15_000);
      const [health] = await pluginKnex('targets').where('entity_ref', entity);
      expect(Boolean(health.up)).toBe(true);
    } finally {
      await backend.stop();
      await pluginKnex.destroy();
    }
  });
});
