import type { QueryRun } from '../queries/QueryBenchmark';
import type { DatabaseRun, ScenarioName } from '../scenarios/ScenarioRunner';
import { mb, ratio, seconds } from './format';
import type { TargetCheck } from './results';

/** Tables whose rows a steady cycle must not write. */
const STEADY_UNTOUCHED = [
  'error_groups',
  'samples',
  'instance_counters',
  'occurrences',
  'instances',
];
/** "A few batched statements at most": per started 1,000 targets. */
const STEADY_MAX_STATEMENTS_PER_1000 = 10;

/**
 * The issue's targets, checked against what this run measured. Targets that
 * this run did not measure (a skipped part, a smaller fleet) are left out.
 */
export function checkTargets(options: {
  scrape: DatabaseRun[];
  queries: QueryRun[];
  instances: number;
  intervalSeconds: number;
}): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const scenario = (run: DatabaseRun, name: ScenarioName) =>
    run.scenarios.find(s => s.name === name);

  for (const run of options.scrape) {
    const db = run.kind;
    const steady = scenario(run, 'steady');
    const churn = scenario(run, 'churn');
    const first = scenario(run, 'first');
    for (const [s, limit] of [
      [steady, 1.3],
      [churn, 1.5],
      [first, 2],
    ] as const) {
      if (!s) continue;
      checks.push({
        id: `${s.name}-vs-floor`,
        description: `${s.label} ≤ ${limit}x the floor (wall time)`,
        database: db,
        measured: `${ratio(s.ratio.wall)} (${seconds(
          s.cost.wallMs,
        )} s vs ${seconds(run.floor.wallMs)} s; CPU ${ratio(s.ratio.cpu)})`,
        limit: `${limit}x`,
        met: s.ratio.wall <= limit,
      });
    }
    if (steady) {
      const written = STEADY_UNTOUCHED.filter(t => steady.rows.tables[t]);
      const health = steady.rows.tables.targets;
      // statements that touch targets: everything a steady cycle sends
      const statements = steady.rows.statements;
      const maxStatements =
        STEADY_MAX_STATEMENTS_PER_1000 * Math.ceil(options.instances / 1000);
      checks.push({
        id: 'steady-writes',
        description:
          'steady cycle writes no error-group, sample or counter rows; target health in a few batched statements',
        database: db,
        measured: `${
          written.length
            ? `writes ${written.join(', ')}`
            : 'no group/sample/counter/occurrence/instance rows'
        }; targets ~${
          health?.updated ?? 0
        } rows; ${statements} statements in the cycle`,
        limit: `0 rows; ≤ ${maxStatements} statements`,
        met: written.length === 0 && statements <= maxStatements,
      });
      if (options.instances === 1000) {
        const share = steady.cost.cpuMs / 1000 / options.intervalSeconds;
        const churnShare = churn
          ? churn.cost.cpuMs / 1000 / options.intervalSeconds
          : undefined;
        const server =
          steady.serverCpuMs !== undefined
            ? ` + database server ${(
                (steady.serverCpuMs / 1000 / options.intervalSeconds) *
                100
              ).toFixed(1)}%`
            : '';
        checks.push({
          id: 'cpu-share',
          description: `1,000 instances every ${options.intervalSeconds} s cost < 25% of one core (CPU s per steady cycle / ${options.intervalSeconds})`,
          database: db,
          measured: `${(share * 100).toFixed(1)}%${server}${
            churnShare !== undefined
              ? `; a churn cycle ${(churnShare * 100).toFixed(1)}%`
              : ''
          }`,
          limit: '25%',
          met: share < 0.25,
        });
      }
    }
    if (options.instances >= 10_000) {
      const peak = Math.max(...run.scenarios.map(s => s.cost.peakRssBytes));
      checks.push({
        id: 'rss-10k',
        description: 'peak RSS during a 10,000-instance cycle < 400 MB',
        database: db,
        measured: `${mb(peak)} MB (${run.scenarios
          .map(s => `${s.name} ${mb(s.cost.peakRssBytes)}`)
          .join(', ')})`,
        limit: '400 MB',
        met: peak < 400 * 1024 * 1024,
      });
    }
    for (const s of run.scenarios) {
      if (!s.totalsExact) {
        checks.push({
          id: `${s.name}-exact`,
          description: `${s.label}: stored totals equal what the fleet reported`,
          database: db,
          measured: `stored ${s.storedTotal}, reported ${s.expectedTotal}`,
          limit: 'equal',
          met: false,
        });
      }
    }
  }

  for (const run of options.queries) {
    const find = (name: string) => run.results.find(r => r.name === name);
    const limits: Array<[string, number, string]> = [
      ['errorsSearch', 50, 'first page with text search p95 < 50 ms'],
      ['details', 30, 'error details p95 < 30 ms'],
      ['overview', 200, 'overview of 1,000 entities p95 < 200 ms'],
    ];
    for (const [name, limit, description] of limits) {
      const result = find(name);
      if (!result) continue;
      checks.push({
        id: `query-${name}`,
        description,
        database: run.kind,
        measured: `p95 ${result.latency.p95.toFixed(
          1,
        )} ms (p50 ${result.latency.p50.toFixed(
          1,
        )}, max ${result.latency.max.toFixed(1)})`,
        limit: `${limit} ms`,
        met: result.latency.p95 < limit,
      });
    }
  }
  return checks;
}
