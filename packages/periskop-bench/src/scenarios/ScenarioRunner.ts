import type { CatalogService } from '@backstage/plugin-catalog-node';
import { BenchDatabase } from '../database/BenchDatabase';
import { Fleet } from '../fleet/Fleet';
import { FloorResult, measureFloor } from '../measure/Floor';
import { measureSampleStorage, SampleStorage } from '../measure/SampleStorage';
import { CpuProfiler } from '../measure/CpuProfiler';
import { BenchLogger } from './BenchLogger';
import {
  CycleMeter,
  describeScenario,
  ScenarioName,
  ScenarioResult,
} from './CycleMeter';
import { createScrapeStack } from './ScrapeStack';

export type { ScenarioName, ScenarioResult } from './CycleMeter';
export { SCENARIO_LABELS } from './CycleMeter';

export interface DatabaseRun {
  database: string;
  kind: string;
  /** PostgreSQL without autovacuum: ANALYZE was run between cycles. */
  analyzedBetweenCycles: boolean;
  floor: FloorResult;
  scenarios: ScenarioResult[];
  /** Storage of the samples after the first cycle and after the last one. */
  sampleStorage: { afterFirst: SampleStorage; atEnd: SampleStorage };
}

function median<T>(items: T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** One line about the sample storage, for the console. */
export function describeSampleStorage(storage: SampleStorage): string {
  if (storage.bytesPerSample === undefined) {
    return `${storage.samples} samples, ${storage.unavailable ?? 'no size'}`;
  }
  const tables = Object.entries(storage.tables)
    .map(([table, bytes]) => `${table} ${(bytes / 1024 / 1024).toFixed(1)} MB`)
    .join(', ');
  return `${storage.samples} samples, ${storage.bytesPerSample.toFixed(
    0,
  )} bytes per sample (${tables})`;
}

/**
 * The scrape scenarios on one database: the floor first (so that both are
 * measured under the same machine load), then each scenario as one
 * `ScrapePool.scrapeAll()` as the scheduled task runs it:
 *
 * 1. first cycle, with `reordering` of the instances reordering their keys;
 * 2. steady: nothing changed, every payload byte-identical (no instance
 *    reorders; after one settling cycle that is not measured, because the
 *    instances that reordered before now serve their canonical order),
 *    repeated `steadyRuns` times, median reported;
 * 3. steady, reordering clients: nothing changed, but every instance serves
 *    its keys in a new order on every request (as periskop-go does), after
 *    two settling cycles in which the scraper learns which targets reorder,
 *    repeated likewise;
 * 4. churn and restart wave, with `reordering` again.
 *
 * The storage of the samples is measured after the first cycle and at the
 * end (not timed).
 */
export async function runScenarios(options: {
  database: BenchDatabase;
  fleet: Fleet;
  catalog: CatalogService;
  floorPasses: number;
  steadyRuns: number;
  /** Fraction of reordering instances outside the steady scenarios. */
  reordering: number;
  profiler: CpuProfiler;
  log: (line: string) => void;
}): Promise<DatabaseRun> {
  const { database, fleet, catalog, log } = options;
  await fleet.reset();
  const reorderingInstances = await fleet.setReordering(options.reordering);
  const urls = fleet.ports.map((_, i) => fleet.url(i));

  const logger = new BenchLogger({
    verbose: process.env.BENCH_VERBOSE === '1',
  });
  const stack = await createScrapeStack({ database, catalog, logger });

  log(
    `  floor: fetch + JSON.parse of ${urls.length} payloads at concurrency ${stack.concurrency}`,
  );
  const floor = await measureFloor({
    urls,
    concurrency: stack.concurrency,
    warmPasses: options.floorPasses,
  });
  log(
    `  floor: ${(floor.wallMs / 1000).toFixed(2)} s wall, ${(
      floor.cpuMs / 1000
    ).toFixed(2)} s CPU (cold pass ${(floor.cold.wallMs / 1000).toFixed(2)} s)`,
  );

  // Statistics: a production PostgreSQL has autovacuum on, which analyses a
  // table once a tenth of it changed (every table does in the first cycle).
  // Where it is off, the plugin's tables never get statistics and the
  // planner guesses; the benchmark then analyses them between cycles (not
  // measured), as autovacuum would have.
  const emulateAutovacuum =
    database.kind === 'postgres' &&
    (await database.knex.raw('SHOW autovacuum')).rows[0].autovacuum === 'off';
  if (emulateAutovacuum) {
    log(
      '  (autovacuum is off on this server: ANALYZE between cycles, as autovacuum would)',
    );
  }
  const meter = new CycleMeter({
    database,
    fleet,
    stack,
    logger,
    profiler: options.profiler,
    floor,
    analyzeAfterCycles: emulateAutovacuum,
  });
  log(
    `  ${reorderingInstances} of ${urls.length} instances reorder their keys on every request (--reordering ${options.reordering})`,
  );

  /** `steadyRuns` cycles at a reordering fraction; the median, with every run. */
  const repeated = async (name: ScenarioName, reordering: number) => {
    const runs: ScenarioResult[] = [];
    for (let i = 0; i < options.steadyRuns; i++) {
      runs.push(await meter.measure(name, reordering));
    }
    const result = median(runs, r => r.cost.wallMs);
    result.runs = runs.map(r => ({
      wallMs: r.cost.wallMs,
      cpuMs: r.cost.cpuMs,
    }));
    return result;
  };

  const scenarios: ScenarioResult[] = [];
  const push = (result: ScenarioResult) => {
    log(describeScenario(result));
    scenarios.push(result);
  };
  let afterFirst: SampleStorage;
  let atEnd: SampleStorage;
  try {
    push(await meter.measure('first', options.reordering));
    afterFirst = await measureSampleStorage(database);
    log(`  after the first cycle: ${describeSampleStorage(afterFirst)}`);

    await fleet.setReordering(0);
    if (reorderingInstances > 0) {
      const settled = await meter.settle();
      log(
        `  (one cycle not measured, ${settled.unchanged}/${settled.targets} unchanged: the reordering instances serve their canonical order again)`,
      );
    }
    push(await repeated('steady', 0));

    await fleet.setReordering(1);
    // A scraper facing clients that reorder stops hashing their bodies
    // after two scrapes with other bytes and the same counts; steady state
    // is what comes after that, as within a minute of a real Go fleet.
    for (let i = 0; i < 2; i++) {
      await meter.settle();
    }
    log(
      '  (two cycles not measured: the scraper learns which targets reorder their keys)',
    );
    push(await repeated('steady-reorder', 1));

    await fleet.setReordering(options.reordering);
    await fleet.churn();
    push(await meter.measure('churn', options.reordering));

    await fleet.restartWave();
    push(await meter.measure('restart', options.reordering));

    atEnd = await measureSampleStorage(database);
    log(`  at the end: ${describeSampleStorage(atEnd)}`);
  } finally {
    await stack.close();
    await database.rowCounter.dispose();
  }
  return {
    database: database.description,
    kind: database.kind,
    analyzedBetweenCycles: emulateAutovacuum,
    floor,
    scenarios,
    sampleStorage: { afterFirst, atEnd },
  };
}
