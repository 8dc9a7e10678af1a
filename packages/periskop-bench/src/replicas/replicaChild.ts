/*
 * A backend replica process: assembles the plugin's scrape stack on the
 * shared PostgreSQL database with `periskop.shards` = the replica count, as
 * one of N Backstage backends would, and on request runs one scrape cycle of
 * its own shard of the stored targets (`scrapeShard({ shard })`, the global
 * task it would hold) or the discovery task (`discoverTargets()`, held by
 * one replica per cycle), measuring wall time, CPU and peak RSS of its own
 * process and the catalog reads. Controlled by the benchmark over IPC;
 * exits when the benchmark goes away, on `stop`, or after its maximum
 * lifetime.
 */
import { createFakeCatalog } from '../catalog/FakeCatalog';
import { openPostgresDatabase } from '../database/BenchDatabase';
import { measureProcess } from '../measure/ProcessMeter';
import { PostgresRowCounter } from '../measure/RowCounter';
import { BenchLogger } from '../scenarios/BenchLogger';
import { createScrapeStack, ScrapeStack } from '../scenarios/ScrapeStack';
import type { ReplicaRequest, ReplicaResponse } from './protocol';

let stack: ScrapeStack | undefined;
let shard = { index: 0, count: 1 };
let close: (() => Promise<void>) | undefined;
let rowCounter: PostgresRowCounter | undefined;
let statements = 0;
let catalogReads = 0;
const logger = new BenchLogger({
  verbose: process.env.BENCH_VERBOSE === '1',
});

function send(message: ReplicaResponse) {
  process.send?.(message);
}

async function stop(code = 0) {
  try {
    await stack?.close();
    await close?.();
  } finally {
    setTimeout(() => process.exit(code), 100).unref();
  }
}

process.on('disconnect', () => void stop(0));

process.on('message', async (message: ReplicaRequest) => {
  try {
    switch (message.type) {
      case 'start': {
        setTimeout(() => void stop(0), message.maxLifetimeMs).unref();
        shard = message.shard;
        const database = await openPostgresDatabase({
          postgresUrl: message.postgresUrl,
          name: message.database,
        });
        close = database.close;
        database.knex.on('query', () => {
          statements++;
        });
        rowCounter = new PostgresRowCounter(database.knex);
        stack = await createScrapeStack({
          database,
          catalog: createFakeCatalog(message.entities, {
            onRead: () => {
              catalogReads++;
            },
          }),
          logger,
          config: { periskop: { shards: shard.count } },
        });
        // the migrations' rows must not show up in the first measured cycle
        await rowCounter.flush();
        send({
          type: 'ready',
          concurrency: stack.concurrency,
          shards: stack.shards,
        });
        break;
      }
      case 'cycle': {
        logger.reset();
        statements = 0;
        catalogReads = 0;
        const { result, cost } = await measureProcess(() =>
          stack!.pool.scrapeShard({ shard }),
        );
        const sent = statements;
        // so that the benchmark's statistics snapshot sees this cycle's rows
        await rowCounter!.flush();
        send({
          type: 'cycle',
          id: message.id,
          cycle: {
            summary: result,
            cost,
            statements: sent,
            pluginWarnings: logger.warnings,
            pluginErrors: logger.errors,
            problems: [...logger.firstProblems],
            catalogReads,
          },
        });
        break;
      }
      case 'discover': {
        statements = 0;
        catalogReads = 0;
        const { result, cost } = await measureProcess(() =>
          stack!.pool.discoverTargets(),
        );
        send({
          type: 'discovery',
          id: message.id,
          discovery: {
            summary: result.summary,
            cost,
            statements,
            catalogReads,
          },
        });
        break;
      }
      case 'stop':
        await stop(0);
        break;
      default:
    }
  } catch (error) {
    send({ type: 'error', message: String((error as Error)?.stack ?? error) });
  }
});
