import { ConfigReader } from '@backstage/config';
import express from 'express';
import { AddressInfo } from 'node:net';
import {
  createPeriskopRouter,
  createPeriskopStores,
  readPeriskopConfig,
} from '@periskop-backstage/plugin-periskop-backend/internal';
import { benchServices } from '../benchServices';
import { createFakeCatalog } from '../catalog/FakeCatalog';
import { BenchDatabase } from '../database/BenchDatabase';
import { BenchLogger } from '../scenarios/BenchLogger';
import { DEFAULT_QUERY_SEED, QuerySeed, seedQueryData } from './QuerySeeder';
import { LatencyStats, QueryTimer } from './QueryTimer';
import { ownerPermissions } from './ownerPermissions';
import {
  SEARCH_QUERY_LABELS,
  SEARCHING_TEAMS,
  searchQueries,
  SearchQueryName,
  TimedQuery,
} from './searchQueries';

export type QueryName =
  | 'errorsPage'
  | 'errorsSearch'
  | 'details'
  | 'occurrences'
  | 'overview'
  | SearchQueryName;

export const QUERY_LABELS: Record<QueryName, string> = {
  errorsPage: 'errors, first page',
  errorsSearch: 'errors, first page, text search in stack',
  details: 'error details',
  occurrences: 'occurrences series',
  overview: 'overview',
  ...SEARCH_QUERY_LABELS,
};

/** One timed query. */
export interface QueryResult {
  name: QueryName;
  label: string;
  /** The request, with the time window parameters as sent. */
  request: string;
  latency: LatencyStats;
  /** What came back: totals, items, samples. */
  answer: string;
}

export interface QueryRun {
  database: string;
  kind: string;
  seed: Omit<QuerySeed, 'bigEntity' | 'entities'>;
  results: QueryResult[];
}

/** The term searched in the stack traces (a Ruby file of the synthetic services). */
export const SEARCH_TERM = 'payment_gateway.rb';

/**
 * Seeds a database with the query benchmark's data and times the real
 * router (`createPeriskopRouter` with the real stores and overview, mock
 * auth and an allow-all permission service, as `benchServices` stands them in)
 * in-process over loopback HTTP, with the parameters the UI sends.
 */
export async function runQueryBenchmark(options: {
  database: BenchDatabase;
  seed: number;
  runs: number;
  warmUp: number;
  log: (line: string) => void;
}): Promise<QueryRun> {
  const { database, log } = options;
  const settings = readPeriskopConfig(new ConfigReader({}));
  const stores = await createPeriskopStores({
    database: database.service,
    samplesPerError: settings.storage.samplesPerError,
  });
  log('  seeding…');
  const seed = await seedQueryData(
    database.knex,
    DEFAULT_QUERY_SEED,
    options.seed,
  );
  log(
    `  seeded in ${seed.seedSeconds.toFixed(1)} s: ${Object.entries(seed.rows)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ')} (${Object.entries(seed.phases)
      .map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`)
      .join(', ')})`,
  );
  const catalog = createFakeCatalog(seed.entities);
  const router = await createPeriskopRouter({
    ...benchServices({ database, catalog, logger: new BenchLogger() }),
    settings,
    stores,
  });
  // the same plugin over the same store, for a member of half the teams
  // (see searchQueries)
  const teamRouter = await createPeriskopRouter({
    ...benchServices({ database, catalog, logger: new BenchLogger() }),
    permissions: ownerPermissions(SEARCHING_TEAMS, seed.entities),
    settings,
    stores,
  });
  const app = express()
    .use('/api/periskop', router)
    .use('/team/api/periskop', teamRouter);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const timer = new QueryTimer(origin);

  const entityPath = `/api/periskop/entities/default/component/${seed.bigEntity.metadata.name}`;
  // what the Errors tab asks for by default: open, last 24 hours, newest
  // first, first page of 25, with sparklines
  const listQuery =
    (extra: Record<string, string> = {}) =>
    () => {
      const params = new URLSearchParams({
        sparkline: 'true',
        status: 'open',
        from: new Date(Date.now() - 24 * 3_600_000).toISOString(),
        sort: 'lastSeen',
        order: 'desc',
        limit: '25',
        offset: '0',
        ...extra,
      });
      return `${entityPath}/errors?${params}`;
    };
  const queries: TimedQuery<QueryName>[] = [
    {
      name: 'errorsPage',
      path: listQuery(),
      describe: body => `${body.items.length} items of ${body.totalItems}`,
    },
    {
      name: 'errorsSearch',
      path: listQuery({ query: SEARCH_TERM }),
      describe: body =>
        `${body.items.length} items of ${body.totalItems} matching "${SEARCH_TERM}"`,
    },
    {
      name: 'details',
      path: () => `/api/periskop/errors/${seed.detailGroupId}`,
      describe: body =>
        `${body.samples.length} samples, ${body.instances.length} instances`,
    },
    {
      name: 'occurrences',
      path: () => `/api/periskop/errors/${seed.detailGroupId}/occurrences`,
      describe: body => `${body.points.length} points of ${body.step} s`,
    },
    {
      name: 'overview',
      path: () => '/api/periskop/overview',
      describe: body => `${body.items.length} entities`,
    },
    ...searchQueries('/team/api/periskop'),
  ];

  const results: QueryResult[] = [];
  try {
    for (const query of queries) {
      const { stats, lastBody } = await timer.time(query.path, {
        runs: options.runs,
        warmUp: options.warmUp,
      });
      const result: QueryResult = {
        name: query.name,
        label: QUERY_LABELS[query.name],
        request: `GET ${relativeWindow(query.path())}`,
        latency: stats,
        answer: query.describe(JSON.parse(lastBody)),
      };
      log(
        `  ${result.label}: p50 ${stats.p50.toFixed(
          1,
        )} ms, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(
          1,
        )} ms (${result.answer})`,
      );
      results.push(result);
    }
  } finally {
    await timer.close();
    await new Promise(resolve => server.close(resolve));
  }
  const { bigEntity: _big, entities: _entities, ...seedSummary } = seed;
  return {
    database: database.description,
    kind: database.kind,
    seed: seedSummary,
    results,
  };
}

/** A path with its `from` written relative to now (`from=<now-24h>`), as the report shows it. */
function relativeWindow(path: string): string {
  return path.replace(/from=([^&]+)/, (_match, value: string) => {
    const hours =
      (Date.now() - Date.parse(decodeURIComponent(value))) / 3_600_000;
    return `from=<now-${Math.round(hours)}h>`;
  });
}
