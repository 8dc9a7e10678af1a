import type { ReplicaRun } from '../replicas/ReplicaScenarios';
import type { DatabaseRun, ScenarioName } from '../scenarios/ScenarioRunner';

/** The fleet the estimate is for. */
export const ESTIMATE_INSTANCES = 100_000;

/** What one scenario's measured cost means for a fleet of `instances`. */
export interface EstimateRow {
  scenario: ScenarioName;
  label: string;
  /** Scraper CPU per instance and cycle (all replicas together). */
  clientCpuMsPerInstance: number;
  /** Cores the scrapers need to keep up (CPU per cycle / interval). */
  clientCores: number;
  /** Replicas if each may use one core (a Node process uses about one). */
  replicasByCpu: number;
  /**
   * Replicas so that every replica's cycle ends within the interval, from
   * the slowest measured replica's wall time per target (at its measured
   * concurrency and on this machine's contended cores).
   */
  replicasByWall: number;
  /** PostgreSQL server CPU per instance and cycle, when measured. */
  serverCpuMsPerInstance?: number;
  /** PostgreSQL server CPU of one cycle of the whole fleet. */
  serverCpuSecondsPerCycle?: number;
  /** Server cores that takes at the interval. */
  serverCores?: number;
}

/** A linear estimate of what a fleet of `instances` needs, from measured costs. */
export interface Estimate {
  instances: number;
  intervalSeconds: number;
  /** Where the per-instance costs come from. */
  source: string;
  measuredInstances: number;
  rows: EstimateRow[];
}

interface Measured {
  name: ScenarioName;
  label: string;
  cpuMs: number;
  /** Wall milliseconds per target of the slowest process. */
  wallMsPerTarget: number;
  serverCpuMs?: number;
}

function row(
  m: Measured,
  measuredInstances: number,
  instances: number,
  intervalSeconds: number,
): EstimateRow {
  const intervalMs = intervalSeconds * 1000;
  const clientCpuMsPerInstance = m.cpuMs / measuredInstances;
  const clientCores = (clientCpuMsPerInstance * instances) / intervalMs;
  const serverCpuMsPerInstance =
    m.serverCpuMs === undefined ? undefined : m.serverCpuMs / measuredInstances;
  return {
    scenario: m.name,
    label: m.label,
    clientCpuMsPerInstance,
    clientCores,
    replicasByCpu: Math.max(1, Math.ceil(clientCores)),
    replicasByWall: Math.max(
      1,
      Math.ceil((m.wallMsPerTarget * instances) / intervalMs),
    ),
    serverCpuMsPerInstance,
    serverCpuSecondsPerCycle:
      serverCpuMsPerInstance === undefined
        ? undefined
        : (serverCpuMsPerInstance * instances) / 1000,
    serverCores:
      serverCpuMsPerInstance === undefined
        ? undefined
        : (serverCpuMsPerInstance * instances) / intervalMs,
  };
}

/**
 * Scales the measured per-instance cost of a cycle linearly to
 * {@link ESTIMATE_INSTANCES} instances scraped every `intervalSeconds`:
 * from the replicas run when there is one (the per-shard costs), otherwise
 * from the single-process run on PostgreSQL. Linear scaling leaves out
 * what grows with the database (index depth, cache misses), so it is a
 * lower bound more than a forecast. Undefined when nothing on PostgreSQL
 * was measured.
 */
export function estimateFleet(options: {
  replicas?: ReplicaRun;
  scrape: DatabaseRun[];
  measuredInstances: number;
  intervalSeconds: number;
  instances?: number;
}): Estimate | undefined {
  const instances = options.instances ?? ESTIMATE_INSTANCES;
  const measured: Measured[] = [];
  let source: string;
  if (options.replicas && options.replicas.scenarios.length) {
    source = `${options.replicas.shards} replicas on PostgreSQL (per-shard CPU and wall time)`;
    for (const s of options.replicas.scenarios) {
      measured.push({
        name: s.name,
        label: s.label,
        cpuMs: s.cpuMs,
        wallMsPerTarget: Math.max(
          ...s.replicas.map(r => r.wallMs / Math.max(1, r.targets)),
        ),
        serverCpuMs: s.serverCpuMs,
      });
    }
  } else {
    const run = options.scrape.find(r => r.kind === 'postgres');
    if (!run) return undefined;
    source = 'one process on PostgreSQL';
    for (const s of run.scenarios) {
      measured.push({
        name: s.name,
        label: s.label,
        cpuMs: s.cost.cpuMs,
        wallMsPerTarget: s.cost.wallMs / Math.max(1, s.cycle.targets),
        serverCpuMs: s.serverCpuMs,
      });
    }
  }
  return {
    instances,
    intervalSeconds: options.intervalSeconds,
    source,
    measuredInstances: options.measuredInstances,
    rows: measured.map(m =>
      row(m, options.measuredInstances, instances, options.intervalSeconds),
    ),
  };
}
