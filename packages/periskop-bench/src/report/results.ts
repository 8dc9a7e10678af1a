import type { MachineInfo } from '../measure/machine';
import type { BenchOptions } from '../options';
import type { QueryRun } from '../queries/QueryBenchmark';
import type { ReplicaRun } from '../replicas/ReplicaScenarios';
import type { Estimate } from './estimate';
import type { DatabaseRun } from '../scenarios/ScenarioRunner';

/** Everything one run of the benchmark measured: what `--out` holds. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo & {
    /** Load averages (1, 5, 15 min) when the run started and ended. */
    loadAtStart: [number, number, number];
    loadAtEnd: [number, number, number];
  };
  options: Omit<BenchOptions, 'out' | 'postgresUrl'>;
  fleet: {
    instances: number;
    entities: number;
    keysPerInstance: number;
    samplesPerKey: number;
    processes: number;
    averagePayloadBytes: number;
    /** Fraction of instances reordering their keys (first, churn, restart). */
    reordering: number;
    /** What the fleet processes held at the end (cache and RSS, all children). */
    cachedBytes: number;
    rssBytes: number;
  };
  scrape: DatabaseRun[];
  /** The replicas scenarios (`--shards N`, N > 1), on PostgreSQL. */
  replicas?: ReplicaRun;
  /** Linear estimate for a fleet of 100,000 instances. */
  estimate?: Estimate;
  queries: QueryRun[];
  targets: TargetCheck[];
}

/** One of the targets, met or not, with the measured figure. */
export interface TargetCheck {
  id: string;
  description: string;
  database?: string;
  measured: string;
  limit: string;
  met: boolean;
}
