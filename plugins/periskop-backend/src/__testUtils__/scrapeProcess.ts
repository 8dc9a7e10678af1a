/*
 * A backend process that only scrapes, for tests that kill it: run with
 * `forkScrapeProcess` (a child Node process with the TypeScript transform),
 * it builds the plugin's real stores (migrated) and scrape pool on the
 * database it is given and runs one scrape cycle per `cycle` message. With
 * `dieAtStatement` it kills itself (SIGKILL, nothing runs after it) just
 * before the given statement inside a transaction of that cycle, so that
 * the database sees a backend vanish in the middle of an apply.
 */
import { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createPeriskopStores } from '../database';
import { ScrapeTarget } from '../discovery/types';
import { ScrapePool } from '../scrape/ScrapePool';
import { TargetScraper } from '../scrape/TargetScraper';
import { UndiciTargetFetcher } from '../scrape/UndiciTargetFetcher';
import { StaticDiscovery } from './StaticDiscovery';

/** Messages to the process. */
export type ScrapeProcessRequest =
  | { type: 'start'; knexConfig: Knex.Config; targets: ScrapeTarget[] }
  | { type: 'cycle'; dieAtStatement?: number };

/** Messages from the process. */
export type ScrapeProcessResponse =
  | { type: 'ready' }
  | { type: 'done'; ok: number; failed: number }
  | { type: 'error'; message: string };

const silent = () => {};
const logger = {
  error: silent,
  warn: silent,
  info: silent,
  debug: silent,
  child: () => logger,
};

let pool: ScrapePool | undefined;
let knex: Knex | undefined;
let dieAt: number | undefined;
let statements = 0;

function send(message: ScrapeProcessResponse) {
  process.send?.(message);
}

async function start(knexConfig: Knex.Config, targets: ScrapeTarget[]) {
  knex = knexFactory({ ...knexConfig, log: { warn: silent, error: silent } });
  knex.on('query', (query: { sql: string; __knexTxId?: string }) => {
    if (
      dieAt === undefined ||
      !query.__knexTxId ||
      /^(BEGIN|COMMIT|ROLLBACK)/i.test(query.sql)
    ) {
      return;
    }
    statements += 1;
    if (statements === dieAt) {
      process.kill(process.pid, 'SIGKILL');
    }
  });
  const database: DatabaseService = {
    getClient: async () => knex!,
    migrations: { skip: false },
  };
  const stores = await createPeriskopStores({ database, samplesPerError: 10 });
  const fetcher = new UndiciTargetFetcher({
    timeoutMs: 10_000,
    maxBodyBytes: 1024 * 1024,
    concurrency: 4,
  });
  pool = new ScrapePool({
    discovery: new StaticDiscovery(targets),
    store: stores.ingest,
    logger,
    concurrency: 2,
    scraper: new TargetScraper({
      fetcher,
      store: stores.ingest,
      logger,
      maxKeysPerTarget: 100,
      redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
    }),
  });
}

process.on('message', async (message: ScrapeProcessRequest) => {
  try {
    if (message.type === 'start') {
      await start(message.knexConfig, message.targets);
      send({ type: 'ready' });
    } else if (message.type === 'cycle') {
      dieAt = message.dieAtStatement;
      statements = 0;
      const summary = await pool!.scrapeAll();
      send({ type: 'done', ok: summary.ok, failed: summary.failed });
    }
  } catch (error) {
    send({ type: 'error', message: String((error as Error)?.stack ?? error) });
  }
});

// the test went away: so does this process
process.on('disconnect', () => process.exit(0));
