import type { QueryRun } from '../queries/QueryBenchmark';
import { SEARCH_QUERY_LABELS } from '../queries/searchQueries';
import type { ReplicaRun } from '../replicas/ReplicaScenarios';
import type { DatabaseRun, ScenarioName } from '../scenarios/ScenarioRunner';
import type { RowChanges } from '../measure/RowCounter';
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
/**
 * Tables whose rows a steady cycle with reordering clients must not write:
 * the same content in another order is no news (instance liveness and
 * target health may move).
 */
const REORDER_UNTOUCHED = [
  'error_groups',
  'samples',
  'sample_contents',
  'instance_counters',
  'occurrences',
  'entity_occurrences',
];
/** "A few batched statements at most": per started 1,000 targets. */
const STEADY_MAX_STATEMENTS_PER_1000 = 10;
/** Wall time of a scenario / the floor's. */
const FLOOR_RATIO_LIMITS: Array<[ScenarioName, number]> = [
  ['steady', 1.3],
  ['steady-reorder', 1.2],
  ['churn', 1.5],
  ['first', 3],
];
/** CPU of a cycle / the interval, for the 1,000-instance fleet. */
const CPU_SHARE_LIMITS: Array<[ScenarioName, number]> = [
  ['steady', 0.25],
  ['steady-reorder', 0.15],
  ['churn', 0.3],
];
/** PostgreSQL server CPU of the first cycle of 1,000 instances. */
const FIRST_SERVER_CPU_LIMIT_S = 30;
/** Storage per stored sample, tables and indexes. */
const BYTES_PER_SAMPLE_LIMIT = 300;

/**
 * The issue's targets, checked against what this run measured. Targets that
 * this run did not measure (a skipped part, a smaller fleet) are left out.
 */
export function checkTargets(options: {
  scrape: DatabaseRun[];
  replicas?: ReplicaRun;
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
    const reorder = scenario(run, 'steady-reorder');
    for (const [name, limit] of FLOOR_RATIO_LIMITS) {
      const s = scenario(run, name);
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
    }
    if (reorder) {
      const written = REORDER_UNTOUCHED.filter(t => reorder.rows.tables[t]);
      const instances = reorder.rows.tables.instances;
      checks.push({
        id: 'steady-reorder-writes',
        description:
          'steady cycle with reordering clients writes no error-group, sample, counter or occurrence rows',
        database: db,
        measured: `${
          written.length
            ? `writes ${written
                .map(t => `${t} ${describeChange(reorder.rows.tables[t])}`)
                .join(', ')}`
            : 'no group/sample/counter/occurrence rows'
        }; instances ~${instances?.updated ?? 0}, targets ~${
          reorder.rows.tables.targets?.updated ?? 0
        } rows; ${reorder.rows.statements} statements; ${
          reorder.cycle.unchanged
        }/${reorder.cycle.targets} unchanged`,
        limit: '0 rows',
        met: written.length === 0,
      });
    }
    // absolute CPU figures only mean something for the issue's fleet size
    if (options.instances === 1000) {
      for (const [name, limit] of CPU_SHARE_LIMITS) {
        const s = scenario(run, name);
        if (!s) continue;
        const share = s.cost.cpuMs / 1000 / options.intervalSeconds;
        const server =
          s.serverCpuMs !== undefined
            ? ` + database server ${(
                (s.serverCpuMs / 1000 / options.intervalSeconds) *
                100
              ).toFixed(1)}%`
            : '';
        checks.push({
          id: name === 'steady' ? 'cpu-share' : `cpu-share-${name}`,
          description: `1,000 instances every ${options.intervalSeconds} s, ${
            s.label
          }: < ${limit * 100}% of one core (CPU s per cycle / ${
            options.intervalSeconds
          })`,
          database: db,
          measured: `${(share * 100).toFixed(1)}%${server}`,
          limit: `${limit * 100}%`,
          met: share < limit,
        });
      }
      const first = scenario(run, 'first');
      if (first?.serverCpuMs !== undefined) {
        checks.push({
          id: 'first-server-cpu',
          description: `PostgreSQL server CPU in the first cycle of 1,000 instances < ${FIRST_SERVER_CPU_LIMIT_S} s`,
          database: db,
          measured: `${seconds(first.serverCpuMs)} s`,
          limit: `${FIRST_SERVER_CPU_LIMIT_S} s`,
          met: first.serverCpuMs < FIRST_SERVER_CPU_LIMIT_S * 1000,
        });
      }
    }
    const storage = run.sampleStorage;
    if (
      storage.afterFirst.bytesPerSample !== undefined &&
      storage.atEnd.bytesPerSample !== undefined
    ) {
      const worst = Math.max(
        storage.afterFirst.bytesPerSample,
        storage.atEnd.bytesPerSample,
      );
      checks.push({
        id: 'bytes-per-sample',
        description: `storage per stored sample (sample tables with indexes / samples) < ${BYTES_PER_SAMPLE_LIMIT} bytes`,
        database: db,
        measured: `${storage.afterFirst.bytesPerSample.toFixed(
          0,
        )} after the first cycle, ${storage.atEnd.bytesPerSample.toFixed(
          0,
        )} at the end (${storage.atEnd.samples} samples)`,
        limit: `${BYTES_PER_SAMPLE_LIMIT} bytes`,
        met: worst < BYTES_PER_SAMPLE_LIMIT,
      });
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

  const replicas = options.replicas;
  if (replicas) {
    const missed = replicas.scenarios.filter(s => !s.coverage.exactlyOnce);
    checks.push({
      id: 'replicas-once',
      description: `${replicas.shards} replicas scrape every target exactly once per cycle (fleet request counters, shard sizes, last_scrape_at)`,
      database: 'postgres',
      measured: missed.length
        ? missed
            .map(
              s =>
                `${s.name}: ${s.coverage.requestedOnce} once, ${s.coverage.requestedMoreOften} more, ${s.coverage.notRequested} never, shards ${s.coverage.summedTargets}, stored ${s.coverage.scrapedInDatabase}`,
            )
            .join('; ')
        : `every target once in ${replicas.scenarios.length} measured cycles`,
      limit: 'once',
      met: missed.length === 0,
    });
    for (const s of replicas.scenarios) {
      if (!s.totalsExact) {
        checks.push({
          id: `replicas-${s.name}-exact`,
          description: `replicas, ${s.label}: stored totals equal what the fleet reported`,
          database: 'postgres',
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
      ...Object.entries(SEARCH_QUERY_LABELS).map(
        ([name, label]): [string, number, string] => [
          name,
          100,
          `org-wide ${label} p95 < 100 ms`,
        ],
      ),
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

function describeChange(change: RowChanges): string {
  return [
    change.inserted ? `+${change.inserted}` : '',
    change.updated ? `~${change.updated}` : '',
    change.deleted ? `-${change.deleted}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
