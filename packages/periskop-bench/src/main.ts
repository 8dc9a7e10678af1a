import path from 'node:path';
import { createFakeCatalog } from './catalog/FakeCatalog';
import { createBenchDatabase, DatabaseKind } from './database/BenchDatabase';
import { Fleet } from './fleet/Fleet';
import { SAMPLES_PER_KEY } from './fleet/FleetPayloads';
import { fleetEntities } from './fleetCatalog';
import { CpuProfiler } from './measure/CpuProfiler';
import { loadAverage, machineInfo, openFilesLimit } from './measure/machine';
import { BenchOptions, parseOptions } from './options';
import { QueryRun, runQueryBenchmark } from './queries/QueryBenchmark';
import { ReplicaRun, runReplicaScenarios } from './replicas/ReplicaScenarios';
import { estimateFleet } from './report/estimate';
import { formatText, writeResults } from './report/ReportWriter';
import { BenchResults } from './report/results';
import { checkTargets } from './report/targets';
import { DatabaseRun, runScenarios } from './scenarios/ScenarioRunner';

/** The default scrape interval the CPU share is computed for. */
const INTERVAL_SECONDS = 30;
/** Children of the fleet exit by themselves after this long. */
const FLEET_MAX_LIFETIME_MS = 2 * 3600_000;

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

async function withDatabase<T>(
  kind: DatabaseKind,
  options: BenchOptions,
  fn: (database: Awaited<ReturnType<typeof createBenchDatabase>>) => Promise<T>,
): Promise<T> {
  const database = await createBenchDatabase(kind, {
    postgresUrl: options.postgresUrl,
  });
  log(`${database.description}:`);
  try {
    return await fn(database);
  } finally {
    if (options.keepDatabases) {
      log(`  kept ${database.name}`);
      await database.knex.destroy();
    } else {
      await database.dispose();
    }
  }
}

async function runScrape(
  options: BenchOptions,
  profiler: CpuProfiler,
  fdLimit: number,
) {
  const fleet = await Fleet.start({
    shape: {
      instances: options.targets,
      entities: options.entities,
      keys: options.keys,
      seed: options.seed,
    },
    fdLimit,
    cacheBytes: options.fleetCacheMb * 1024 * 1024,
    maxLifetimeMs: FLEET_MAX_LIFETIME_MS,
    reordering: options.reordering,
  });
  const averagePayloadBytes =
    fleet.payloadBytes.reduce((a, b) => a + b, 0) /
    Math.max(1, fleet.payloadBytes.length);
  log(
    `fleet: ${fleet.ports.length} instances on 127.0.0.1 in ${
      fleet.processes
    } process(es), payloads ${(averagePayloadBytes / 1024).toFixed(
      0,
    )} KiB on average`,
  );
  const runs: DatabaseRun[] = [];
  let replicas: ReplicaRun | undefined;
  let fleetStats: Awaited<ReturnType<Fleet['stats']>>;
  try {
    const entities = fleetEntities(fleet);
    const catalog = createFakeCatalog(entities);
    for (const kind of options.databases) {
      runs.push(
        await withDatabase(kind, options, database =>
          runScenarios({
            database,
            fleet,
            catalog,
            floorPasses: options.floorPasses,
            steadyRuns: options.steadyRuns,
            reordering: options.reordering,
            profiler,
            log,
          }),
        ),
      );
    }
    if (options.shards > 1) {
      log(`Replicas (${options.shards} backend processes, one database):`);
      replicas = await withDatabase('postgres', options, database =>
        runReplicaScenarios({
          database,
          postgresUrl: options.postgresUrl,
          fleet,
          entities,
          shards: options.shards,
          steadyRuns: options.steadyRuns,
          reordering: options.reordering,
          single: runs.find(r => r.kind === 'postgres'),
          maxLifetimeMs: FLEET_MAX_LIFETIME_MS,
          log,
        }),
      );
    }
    fleetStats = await fleet.stats();
  } finally {
    await fleet.stop();
  }
  return {
    runs,
    replicas,
    processes: fleet.processes,
    averagePayloadBytes,
    fleetStats,
  };
}

/**
 * Runs the benchmark with the given flags; `repoRoot` is where the default
 * results go (`docs/benchmarks/latest.json`). Resolves to the exit code.
 */
export async function main(argv: string[], repoRoot: string): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv, repoRoot);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return (error as { usage?: boolean }).usage ? 0 : 2;
  }
  const started = new Date();
  const loadAtStart = loadAverage();
  const machine = machineInfo();
  log(
    `Periskop benchmark: ${options.targets} instances x ${options.keys} keys, ${
      options.entities
    } entities; ${machine.cores} cores, ${machine.memoryGb} GB, Node ${
      machine.node
    }; load ${loadAtStart.join(' ')}`,
  );

  // the scraper keeps one keep-alive connection per instance
  const fdLimit = openFilesLimit() ?? 1024;
  if (!options.skipScrape && options.targets + 500 > fdLimit) {
    process.stderr.write(
      `The open files limit (${fdLimit}) is too low for ${
        options.targets
      } keep-alive connections; raise it (ulimit -n ${
        options.targets + 1000
      }) or use fewer --targets.\n`,
    );
    return 2;
  }

  const profiler = new CpuProfiler(options.profileDir);
  let scrape: Awaited<ReturnType<typeof runScrape>> | undefined;
  if (!options.skipScrape) {
    scrape = await runScrape(options, profiler, fdLimit);
  }
  const queries: QueryRun[] = [];
  if (!options.skipQueries) {
    log('Queries:');
    for (const kind of options.databases) {
      queries.push(
        await withDatabase(kind, options, database =>
          runQueryBenchmark({
            database,
            seed: options.seed,
            runs: options.queryRuns,
            warmUp: 5,
            log,
          }),
        ),
      );
    }
  }

  const finished = new Date();
  const { out: _out, postgresUrl: _url, ...shownOptions } = options;
  const results: BenchResults = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationSeconds: (finished.getTime() - started.getTime()) / 1000,
    machine: { ...machine, loadAtStart, loadAtEnd: loadAverage() },
    options: shownOptions,
    fleet: {
      instances: options.targets,
      entities: options.entities,
      keysPerInstance: options.keys,
      samplesPerKey: SAMPLES_PER_KEY,
      processes: scrape?.processes ?? 0,
      averagePayloadBytes: Math.round(scrape?.averagePayloadBytes ?? 0),
      reordering: options.reordering,
      cachedBytes: scrape?.fleetStats.cachedBytes ?? 0,
      rssBytes: scrape?.fleetStats.rssBytes ?? 0,
    },
    scrape: scrape?.runs ?? [],
    replicas: scrape?.replicas,
    estimate: scrape
      ? estimateFleet({
          replicas: scrape.replicas,
          scrape: scrape.runs,
          measuredInstances: options.targets,
          intervalSeconds: INTERVAL_SECONDS,
        })
      : undefined,
    queries,
    targets: checkTargets({
      scrape: scrape?.runs ?? [],
      replicas: scrape?.replicas,
      queries,
      instances: options.targets,
      intervalSeconds: INTERVAL_SECONDS,
    }),
  };
  log('');
  log(formatText(results));
  const written = writeResults(results, options.out);
  log(
    `Results: ${path.relative(
      process.cwd(),
      written.json,
    )} (every figure), ${path.relative(
      process.cwd(),
      written.markdown,
    )} (tables)`,
  );
  return 0;
}
