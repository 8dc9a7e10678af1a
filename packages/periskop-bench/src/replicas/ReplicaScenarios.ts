import type { Entity } from '@backstage/catalog-model';
import { performance } from 'node:perf_hooks';
import { BenchDatabase } from '../database/BenchDatabase';
import { Fleet } from '../fleet/Fleet';
import { RowCounts } from '../measure/RowCounter';
import { ServerCpu } from '../measure/ServerCpu';
import {
  ScenarioName,
  SCENARIO_LABELS,
  type DatabaseRun,
} from '../scenarios/ScenarioRunner';
import type { ReplicaCycle } from './protocol';
import { ReplicaSet } from './ReplicaSet';

/** One replica's part of a cycle. */
export interface ReplicaOutcome {
  index: number;
  targets: number;
  ok: number;
  unchanged: number;
  newOccurrences: number;
  wallMs: number;
  /** CPU of the replica process (user + system). */
  cpuMs: number;
  peakRssBytes: number;
  statements: number;
  pluginWarnings: number;
  pluginErrors: number;
  problems: string[];
  /** Catalog reads while scraping its shard (none: discovery is a task of its own). */
  catalogReads: number;
}

/** The discovery task of a cycle, run by one replica before the shards scrape. */
export interface DiscoveryOutcome {
  replica: number;
  targets: number;
  added: number;
  removed: number;
  wallMs: number;
  cpuMs: number;
  statements: number;
  /** Catalog reads of the whole cycle, over all replicas (discovery and shards). */
  catalogReads: number;
}

/** Whether every target was scraped exactly once in a cycle. */
export interface Coverage {
  instances: number;
  /** Sum of the replicas' `targets`: their shards' sizes. */
  summedTargets: number;
  /** Instances (by the fleet's own request counters) requested once, more often, never. */
  requestedOnce: number;
  requestedMoreOften: number;
  notRequested: number;
  /** Targets whose `last_scrape_at` moved during the cycle. */
  scrapedInDatabase: number;
  exactlyOnce: boolean;
}

/** One cycle of all replicas at the same time. */
export interface ReplicaScenario {
  name: ScenarioName;
  label: string;
  reordering: number;
  /** Discovery and target sync, once per cycle for all shards. */
  discovery: DiscoveryOutcome;
  replicas: ReplicaOutcome[];
  /** The cycle's wall time: the slowest replica. */
  wallMs: number;
  /** From sending the replicas their cycle to the last answer (adds IPC). */
  observedWallMs: number;
  /** CPU of all replicas together. */
  cpuMs: number;
  serverCpuMs?: number;
  rows: RowCounts;
  coverage: Coverage;
  totalsExact: boolean;
  storedTotal: number;
  expectedTotal: number;
  /** The same scenario run by one process on PostgreSQL, for comparison. */
  single?: { wallMs: number; cpuMs: number; serverCpuMs?: number };
  /** Steady scenarios: every run, when repeated (the median is reported). */
  runs?: Array<{ wallMs: number; cpuMs: number }>;
}

/** The "replicas" scenario set. */
export interface ReplicaRun {
  database: string;
  shards: number;
  concurrencyPerReplica: number;
  scenarios: ReplicaScenario[];
}

function outcome(index: number, cycle: ReplicaCycle): ReplicaOutcome {
  return {
    index,
    targets: cycle.summary.targets,
    ok: cycle.summary.ok,
    unchanged: cycle.summary.unchanged,
    newOccurrences: cycle.summary.newOccurrences,
    wallMs: cycle.cost.wallMs,
    cpuMs: cycle.cost.cpuMs,
    peakRssBytes: cycle.cost.peakRssBytes,
    statements: cycle.statements,
    pluginWarnings: cycle.pluginWarnings,
    pluginErrors: cycle.pluginErrors,
    problems: cycle.problems,
    catalogReads: cycle.catalogReads,
  };
}

/** The console line of a replica scenario. */
export function describeReplicaScenario(s: ReplicaScenario): string {
  const per = s.replicas
    .map(
      r =>
        `#${r.index + 1} ${r.targets} targets ${(r.wallMs / 1000).toFixed(
          2,
        )} s / ${(r.cpuMs / 1000).toFixed(2)} s CPU (${r.unchanged} unchanged)`,
    )
    .join('; ');
  const single = s.single
    ? ` vs ${(s.single.wallMs / 1000).toFixed(2)} s in one process`
    : '';
  const d = s.discovery;
  const discovery = `discovery on #${d.replica + 1}: ${
    d.catalogReads
  } catalog read(s) in the cycle, ${(d.wallMs / 1000).toFixed(2)} s / ${(
    d.cpuMs / 1000
  ).toFixed(2)} s CPU for ${d.targets} targets`;
  const c = s.coverage;
  return `  ${s.label}: ${(s.wallMs / 1000).toFixed(
    2,
  )} s wall${single}; ${discovery}; ${per}; ${
    c.exactlyOnce
      ? 'every target once'
      : `NOT ONCE: ${c.requestedOnce} once, ${c.requestedMoreOften} more, ${c.notRequested} never, shards sum to ${c.summedTargets}, ${c.scrapedInDatabase} stored`
  }${
    s.totalsExact
      ? ''
      : `, TOTALS OFF: stored ${s.storedTotal} expected ${s.expectedTotal}`
  }`;
}

function median<T>(items: T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The "replicas" scenarios: `shards` backend processes on one fresh
 * PostgreSQL database, each scraping its shard of the stored targets at
 * the same time after one of them ran the discovery task, for a first
 * cycle (with `reordering` of the instances reordering), steady
 * (byte-identical payloads) and steady with every instance reordering
 * (repeated `steadyRuns` times, median). Every cycle is checked to have
 * scraped each target exactly once: the fleet's request counter of every
 * instance moved by one, the shards' sizes add up to the fleet, and every
 * target's `last_scrape_at` moved. The catalog reads of the whole cycle
 * are counted too: one, however many shards.
 */
export async function runReplicaScenarios(options: {
  database: BenchDatabase;
  postgresUrl: string;
  fleet: Fleet;
  entities: Entity[];
  shards: number;
  steadyRuns: number;
  reordering: number;
  /** The single-process run on PostgreSQL, to compare with. */
  single?: DatabaseRun;
  maxLifetimeMs: number;
  log: (line: string) => void;
}): Promise<ReplicaRun> {
  const { database, fleet, log } = options;
  await fleet.reset();
  const reorderingInstances = await fleet.setReordering(options.reordering);
  const replicas = await ReplicaSet.start({
    count: options.shards,
    postgresUrl: options.postgresUrl,
    database: database.name,
    entities: options.entities,
    maxLifetimeMs: options.maxLifetimeMs,
  });
  log(
    `  ${replicas.size} replicas started (periskop.shards = ${options.shards}, concurrency ${replicas.concurrency} each)`,
  );
  const serverCpu = new ServerCpu(database.name);
  const analyze =
    (await database.knex.raw('SHOW autovacuum')).rows[0].autovacuum === 'off';
  const instances = fleet.ports.length;

  const measure = async (
    name: ScenarioName,
    reordering: number,
  ): Promise<ReplicaScenario> => {
    const before = await fleet.requestCounts();
    await database.rowCounter.start();
    serverCpu.start();
    const startedAt = Date.now();
    const started = performance.now();
    // as the scheduled tasks do: discovery once, then every shard scrapes
    // its slice of the stored list
    const discovered = await replicas.discover();
    const cycles = await replicas.cycle();
    const observedMs = performance.now() - started;
    const serverCpuMs = serverCpu.stop();
    const rows = await database.rowCounter.stop();
    if (analyze) await database.knex.raw('ANALYZE');

    const after = await fleet.requestCounts();
    let requestedOnce = 0;
    let requestedMoreOften = 0;
    let notRequested = 0;
    for (let i = 0; i < after.length; i++) {
      const delta = after[i] - before[i];
      if (delta === 1) requestedOnce++;
      else if (delta > 1) requestedMoreOften++;
      else notRequested++;
    }
    const [moved] = await database
      .knex('targets')
      .where('last_scrape_at', '>=', startedAt)
      .count({ n: '*' });
    const outcomes = cycles.map((cycle, index) => outcome(index, cycle));
    const summedTargets = outcomes.reduce((a, r) => a + r.targets, 0);
    const scrapedInDatabase = Number(moved?.n ?? 0);
    const [sum] = await database
      .knex('error_groups')
      .sum({ total: 'total_count' });
    const storedTotal = Number(sum?.total ?? 0);
    const expectedTotal = (await fleet.stats()).lifetimeOccurrences;
    const single = options.single?.scenarios.find(s => s.name === name);
    return {
      name,
      label: SCENARIO_LABELS[name],
      reordering,
      discovery: {
        replica: discovered.replica,
        targets: discovered.summary.targets,
        added: discovered.summary.added,
        removed: discovered.summary.removed,
        wallMs: discovered.cost.wallMs,
        cpuMs: discovered.cost.cpuMs,
        statements: discovered.statements,
        catalogReads:
          discovered.catalogReads +
          outcomes.reduce((a, r) => a + r.catalogReads, 0),
      },
      replicas: outcomes,
      wallMs: Math.max(...outcomes.map(r => r.wallMs)),
      observedWallMs: observedMs,
      cpuMs: outcomes.reduce((a, r) => a + r.cpuMs, 0),
      serverCpuMs,
      rows: {
        tables: rows.tables,
        statements: outcomes.reduce((a, r) => a + r.statements, 0),
        method: `${rows.method}; statements counted in the replicas`,
      },
      coverage: {
        instances,
        summedTargets,
        requestedOnce,
        requestedMoreOften,
        notRequested,
        scrapedInDatabase,
        exactlyOnce:
          requestedOnce === instances &&
          summedTargets === instances &&
          scrapedInDatabase === instances,
      },
      totalsExact: storedTotal === expectedTotal,
      storedTotal,
      expectedTotal,
      single: single && {
        wallMs: single.cost.wallMs,
        cpuMs: single.cost.cpuMs,
        serverCpuMs: single.serverCpuMs,
      },
    };
  };
  const repeated = async (name: ScenarioName, reordering: number) => {
    const runs: ReplicaScenario[] = [];
    for (let i = 0; i < options.steadyRuns; i++) {
      runs.push(await measure(name, reordering));
    }
    const result = median(runs, r => r.wallMs);
    result.runs = runs.map(r => ({ wallMs: r.wallMs, cpuMs: r.cpuMs }));
    return result;
  };

  const scenarios: ReplicaScenario[] = [];
  const push = (result: ReplicaScenario) => {
    log(describeReplicaScenario(result));
    scenarios.push(result);
  };
  try {
    push(await measure('first', options.reordering));
    await fleet.setReordering(0);
    if (reorderingInstances > 0) {
      await replicas.discover(); // settles the digests, not measured
      await replicas.cycle();
      if (analyze) await database.knex.raw('ANALYZE');
    }
    push(await repeated('steady', 0));
    await fleet.setReordering(1);
    push(await repeated('steady-reorder', 1));
  } finally {
    await replicas.stop();
    await database.rowCounter.dispose();
  }
  return {
    database: database.description,
    shards: options.shards,
    concurrencyPerReplica: replicas.concurrency,
    scenarios,
  };
}
