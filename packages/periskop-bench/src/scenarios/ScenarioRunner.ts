import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScrapeCycleSummary } from '@periskop-backstage/plugin-periskop-backend/internal';
import { BenchDatabase } from '../database/BenchDatabase';
import { Fleet } from '../fleet/Fleet';
import { FloorResult, measureFloor } from '../measure/Floor';
import { measureProcess, ProcessCost } from '../measure/ProcessMeter';
import { RowCounts } from '../measure/RowCounter';
import { ServerCpu } from '../measure/ServerCpu';
import { CpuProfiler } from '../measure/CpuProfiler';
import { BenchLogger } from './BenchLogger';
import { createScrapeStack } from './ScrapeStack';

export type ScenarioName = 'first' | 'steady' | 'churn' | 'restart';

export const SCENARIO_LABELS: Record<ScenarioName, string> = {
  first: 'first cycle (everything new)',
  steady: 'steady (nothing changed)',
  churn: 'churn (10% of keys changed)',
  restart: 'restart wave (20% of instances)',
};

/** One measured scrape cycle. */
export interface ScenarioResult {
  name: ScenarioName;
  label: string;
  cycle: ScrapeCycleSummary;
  cost: ProcessCost;
  /** CPU of the database server's backends for this database (PostgreSQL). */
  serverCpuMs?: number;
  rows: RowCounts;
  ratio: { wall: number; cpu: number };
  /** Whether the stored lifetime totals equal what the fleet reported. */
  totalsExact: boolean;
  storedTotal: number;
  expectedTotal: number;
  /** Steady only: every run, when repeated. */
  runs?: Array<{ wallMs: number; cpuMs: number }>;
  pluginWarnings: number;
  pluginErrors: number;
  problems: string[];
  /** Why targets were down after the cycle, with how many. */
  failures: Record<string, number>;
}

export interface DatabaseRun {
  database: string;
  kind: string;
  /** PostgreSQL without autovacuum: ANALYZE was run between cycles. */
  analyzedBetweenCycles: boolean;
  floor: FloorResult;
  scenarios: ScenarioResult[];
}

function median<T>(items: T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The scrape scenarios on one database: the floor first (so that both are
 * measured under the same machine load), then first cycle, steady (repeated,
 * median), churn and restart wave, each one `ScrapePool.scrapeAll()` as the
 * scheduled task runs it.
 */
export async function runScenarios(options: {
  database: BenchDatabase;
  fleet: Fleet;
  catalog: CatalogService;
  floorPasses: number;
  steadyRuns: number;
  profiler: CpuProfiler;
  log: (line: string) => void;
}): Promise<DatabaseRun> {
  const { database, fleet, catalog, log } = options;
  await fleet.reset();
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

  const serverCpu =
    database.kind === 'postgres' ? new ServerCpu(database.name) : undefined;
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
  const storedTotal = async () => {
    const [row] = await database
      .knex('error_groups')
      .sum({ total: 'total_count' });
    return Number(row?.total ?? 0);
  };

  let profiles = 0;
  const cycle = async (name: ScenarioName): Promise<ScenarioResult> => {
    logger.reset();
    await database.rowCounter.start();
    serverCpu?.start();
    await options.profiler.start();
    const { result, cost } = await measureProcess(() => stack.pool.scrapeAll());
    await options.profiler.stop(`${database.kind}-${name}-${++profiles}`);
    const serverCpuMs = serverCpu?.stop();
    const rows = await database.rowCounter.stop();
    if (emulateAutovacuum) {
      await database.knex.raw('ANALYZE');
    }
    const stored = await storedTotal();
    const failures: Record<string, number> = {};
    for (const row of await database
      .knex('targets')
      .where('up', false)
      .select('last_error')) {
      const reason = String(row.last_error);
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
    const expected = (await fleet.stats()).lifetimeOccurrences;
    return {
      name,
      label: SCENARIO_LABELS[name],
      cycle: result,
      cost,
      serverCpuMs,
      rows,
      ratio: {
        wall: cost.wallMs / floor.wallMs,
        cpu: cost.cpuMs / floor.cpuMs,
      },
      totalsExact: stored === expected,
      storedTotal: stored,
      expectedTotal: expected,
      pluginWarnings: logger.warnings,
      pluginErrors: logger.errors,
      problems: [...logger.firstProblems],
      failures,
    };
  };
  const report = (result: ScenarioResult) =>
    log(
      `  ${result.label}: ${(result.cost.wallMs / 1000).toFixed(
        2,
      )} s wall (${result.ratio.wall.toFixed(2)}x floor), ${(
        result.cost.cpuMs / 1000
      ).toFixed(2)} s CPU (${result.ratio.cpu.toFixed(2)}x), ${
        result.cycle.ok
      }/${result.cycle.targets} ok (${result.cycle.unchanged} unchanged), ${
        result.rows.statements
      } statements${
        result.totalsExact
          ? ''
          : `, TOTALS OFF: stored ${result.storedTotal} expected ${result.expectedTotal}`
      }${
        Object.keys(result.failures).length
          ? `, down: ${JSON.stringify(result.failures)}`
          : ''
      }`,
    );

  const scenarios: ScenarioResult[] = [];
  try {
    const first = await cycle('first');
    report(first);
    scenarios.push(first);

    const steadyRuns: ScenarioResult[] = [];
    for (let i = 0; i < options.steadyRuns; i++) {
      steadyRuns.push(await cycle('steady'));
    }
    const steady = median(steadyRuns, r => r.cost.wallMs);
    steady.runs = steadyRuns.map(r => ({
      wallMs: r.cost.wallMs,
      cpuMs: r.cost.cpuMs,
    }));
    report(steady);
    scenarios.push(steady);

    await fleet.churn();
    const churn = await cycle('churn');
    report(churn);
    scenarios.push(churn);

    await fleet.restartWave();
    const restart = await cycle('restart');
    report(restart);
    scenarios.push(restart);
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
  };
}
