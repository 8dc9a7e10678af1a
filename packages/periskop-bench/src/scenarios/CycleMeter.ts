import type { ScrapeCycleSummary } from '@periskop-backstage/plugin-periskop-backend/internal';
import { BenchDatabase } from '../database/BenchDatabase';
import { Fleet } from '../fleet/Fleet';
import { CpuProfiler } from '../measure/CpuProfiler';
import { FloorResult } from '../measure/Floor';
import { measureProcess, ProcessCost } from '../measure/ProcessMeter';
import { RowCounts } from '../measure/RowCounter';
import { ServerCpu } from '../measure/ServerCpu';
import { BenchLogger } from './BenchLogger';
import { ScrapeStack } from './ScrapeStack';

export type ScenarioName =
  | 'first'
  | 'steady'
  | 'steady-reorder'
  | 'churn'
  | 'restart';

export const SCENARIO_LABELS: Record<ScenarioName, string> = {
  first: 'first cycle (everything new)',
  steady: 'steady (nothing changed)',
  'steady-reorder': 'steady, reordering clients (nothing changed)',
  churn: 'churn (10% of keys changed)',
  restart: 'restart wave (20% of instances)',
};

/** One measured scrape cycle. */
export interface ScenarioResult {
  name: ScenarioName;
  label: string;
  /** Fraction of the instances that served their keys in a new order. */
  reordering: number;
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
  /** Steady scenarios only: every run, when repeated. */
  runs?: Array<{ wallMs: number; cpuMs: number }>;
  pluginWarnings: number;
  pluginErrors: number;
  problems: string[];
  /** Why targets were down after the cycle, with how many. */
  failures: Record<string, number>;
}

/**
 * Measures one `ScrapePool.scrapeAll()` on a database as the scheduled task
 * runs it: wall, CPU and peak RSS of this process, the database server's
 * CPU (PostgreSQL), the rows written per table and the statements, then
 * (outside the measured section) whether the stored totals are exact and
 * why targets are down.
 */
export class CycleMeter {
  readonly #database: BenchDatabase;
  readonly #fleet: Fleet;
  readonly #stack: ScrapeStack;
  readonly #logger: BenchLogger;
  readonly #profiler: CpuProfiler;
  readonly #floor: FloorResult;
  readonly #serverCpu: ServerCpu | undefined;
  readonly #analyze: boolean;
  #profiles = 0;

  constructor(options: {
    database: BenchDatabase;
    fleet: Fleet;
    stack: ScrapeStack;
    logger: BenchLogger;
    profiler: CpuProfiler;
    floor: FloorResult;
    /** Run ANALYZE after each cycle (PostgreSQL without autovacuum). */
    analyzeAfterCycles: boolean;
  }) {
    this.#database = options.database;
    this.#fleet = options.fleet;
    this.#stack = options.stack;
    this.#logger = options.logger;
    this.#profiler = options.profiler;
    this.#floor = options.floor;
    this.#analyze = options.analyzeAfterCycles;
    this.#serverCpu =
      options.database.kind === 'postgres'
        ? new ServerCpu(options.database.name)
        : undefined;
  }

  /**
   * A cycle that is not measured: it brings the stored state (payload
   * digests) to what the fleet serves now, e.g. before steady cycles.
   */
  async settle(): Promise<ScrapeCycleSummary> {
    const summary = await this.#stack.pool.scrapeAll();
    if (this.#analyze) await this.#database.knex.raw('ANALYZE');
    return summary;
  }

  async measure(
    name: ScenarioName,
    reordering: number,
  ): Promise<ScenarioResult> {
    const database = this.#database;
    const logger = this.#logger;
    logger.reset();
    await database.rowCounter.start();
    this.#serverCpu?.start();
    await this.#profiler.start();
    const { result, cost } = await measureProcess(() =>
      this.#stack.pool.scrapeAll(),
    );
    await this.#profiler.stop(`${database.kind}-${name}-${++this.#profiles}`);
    const serverCpuMs = this.#serverCpu?.stop();
    const rows = await database.rowCounter.stop();
    if (this.#analyze) {
      await database.knex.raw('ANALYZE');
    }
    const [sum] = await database
      .knex('error_groups')
      .sum({ total: 'total_count' });
    const stored = Number(sum?.total ?? 0);
    const failures: Record<string, number> = {};
    for (const row of await database
      .knex('targets')
      .where('up', false)
      .select('last_error')) {
      const reason = String(row.last_error);
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
    const expected = (await this.#fleet.stats()).lifetimeOccurrences;
    return {
      name,
      label: SCENARIO_LABELS[name],
      reordering,
      cycle: result,
      cost,
      serverCpuMs,
      rows,
      ratio: {
        wall: cost.wallMs / this.#floor.wallMs,
        cpu: cost.cpuMs / this.#floor.cpuMs,
      },
      totalsExact: stored === expected,
      storedTotal: stored,
      expectedTotal: expected,
      pluginWarnings: logger.warnings,
      pluginErrors: logger.errors,
      problems: [...logger.firstProblems],
      failures,
    };
  }
}

/** The line the console shows for a measured scenario. */
export function describeScenario(result: ScenarioResult): string {
  return `  ${result.label}: ${(result.cost.wallMs / 1000).toFixed(
    2,
  )} s wall (${result.ratio.wall.toFixed(2)}x floor), ${(
    result.cost.cpuMs / 1000
  ).toFixed(2)} s CPU (${result.ratio.cpu.toFixed(2)}x), ${result.cycle.ok}/${
    result.cycle.targets
  } ok (${result.cycle.unchanged} unchanged), ${
    result.rows.statements
  } statements${
    result.totalsExact
      ? ''
      : `, TOTALS OFF: stored ${result.storedTotal} expected ${result.expectedTotal}`
  }${
    Object.keys(result.failures).length
      ? `, down: ${JSON.stringify(result.failures)}`
      : ''
  }`;
}
