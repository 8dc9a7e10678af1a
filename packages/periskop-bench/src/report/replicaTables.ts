import type { ReplicaRun } from '../replicas/ReplicaScenarios';
import type { Estimate } from './estimate';
import { mb, ratio, seconds, Table } from './format';
import { describeRows } from './rows';

/** Every replica's part of every replicas cycle. */
export function replicaTable(run: ReplicaRun): Table {
  const header = [
    'scenario',
    'replica',
    'targets',
    'ok',
    'unchanged',
    'wall s',
    'CPU s',
    'peak RSS MB',
    'statements',
  ];
  const rows: string[][] = [];
  for (const s of run.scenarios) {
    for (const r of s.replicas) {
      rows.push([
        s.label,
        `${r.index + 1}/${run.shards}`,
        String(r.targets),
        String(r.ok),
        String(r.unchanged),
        seconds(r.wallMs),
        seconds(r.cpuMs),
        mb(r.peakRssBytes),
        String(r.statements),
      ]);
    }
  }
  return { header, rows };
}

/** Each replicas cycle as a whole, next to the same scenario in one process. */
export function replicaCycleTable(run: ReplicaRun): Table {
  const header = [
    'scenario',
    'cycle wall s (slowest)',
    'one process wall s',
    'speed-up',
    'CPU s (all replicas)',
    'one process CPU s',
    'DB server CPU s',
    'one process DB CPU s',
    'discovery passes',
    'discovery wall s',
    'each target once',
    'rows (+ins ~upd -del)',
  ];
  const rows = run.scenarios.map(s => [
    s.label,
    seconds(s.wallMs),
    seconds(s.single?.wallMs),
    s.single ? ratio(s.single.wallMs / s.wallMs) : '–',
    seconds(s.cpuMs),
    seconds(s.single?.cpuMs),
    seconds(s.serverCpuMs),
    seconds(s.single?.serverCpuMs),
    String(s.discovery.catalogReads),
    seconds(s.discovery.wallMs),
    s.coverage.exactlyOnce
      ? 'yes'
      : `NO (${s.coverage.requestedOnce} once, ${s.coverage.requestedMoreOften} more, ${s.coverage.notRequested} never)`,
    describeRows(s.rows),
  ]);
  return { header, rows };
}

/** The linear estimate for a large fleet. */
export function estimateTable(estimate: Estimate): Table {
  const header = [
    'scenario',
    'scraper CPU ms / instance',
    'scraper cores',
    'replicas (1 core each)',
    'replicas (cycle within interval)',
    'DB server CPU s / cycle',
    'DB server cores',
  ];
  const rows = estimate.rows.map(r => [
    r.label,
    r.clientCpuMsPerInstance.toFixed(2),
    r.clientCores.toFixed(1),
    String(r.replicasByCpu),
    String(r.replicasByWall),
    r.serverCpuSecondsPerCycle === undefined
      ? '–'
      : r.serverCpuSecondsPerCycle.toFixed(1),
    r.serverCores === undefined ? '–' : r.serverCores.toFixed(1),
  ]);
  return { header, rows };
}

/** The sentence above the estimate table. */
export function describeEstimate(estimate: Estimate): string {
  return `Estimate for ${estimate.instances.toLocaleString(
    'en-US',
  )} instances every ${estimate.intervalSeconds} s, scaled linearly from ${
    estimate.measuredInstances
  } measured instances (${
    estimate.source
  }): cores = CPU per instance and cycle x instances / interval. Linear scaling leaves out what grows with the database, so read it as a lower bound.`;
}
