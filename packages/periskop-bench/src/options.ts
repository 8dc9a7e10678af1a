import path from 'node:path';
import type { DatabaseKind } from './database/BenchDatabase';

/** The benchmark's flags, with their defaults. */
export interface BenchOptions {
  targets: number;
  keys: number;
  entities: number;
  databases: DatabaseKind[];
  skipQueries: boolean;
  skipScrape: boolean;
  out: string;
  postgresUrl: string;
  seed: number;
  floorPasses: number;
  steadyRuns: number;
  queryRuns: number;
  /** Memory the fleet may use to keep built payloads. */
  fleetCacheMb: number;
  /** Where to write a CPU profile of every measured section, if anywhere. */
  profileDir: string | undefined;
  /** Keep the databases afterwards (for EXPLAIN sessions). */
  keepDatabases: boolean;
  /**
   * Fraction (0 … 1) of the instances that serve their keys in a new order
   * on every request, as map-serialising clients (periskop-go, Scala) do.
   */
  reordering: number;
  /** Backend replicas of the "replicas" scenarios (PostgreSQL); 1 = none. */
  shards: number;
}

export const USAGE = `Usage: npm run bench -- [flags]

  --targets N          instances in the synthetic fleet (default 1000)
  --keys N             error keys per instance (default 50)
  --entities N         catalog entities the instances belong to (default 200)
  --databases LIST     sqlite,postgres (default both)
  --skip-queries       only the scrape scenarios
  --skip-scrape        only the query latencies
  --out FILE           JSON results (default docs/benchmarks/latest.json)
  --postgres URL       server to create the benchmark database on
                       (default $PERISKOP_BENCH_POSTGRES or
                       postgresql://postgres@127.0.0.1:5432/postgres)
  --seed N             seed of the synthetic data (default 42)
  --floor-passes N     warm floor passes, median used (default 2)
  --steady-runs N      steady cycles, median reported (default 3)
  --query-runs N       timed requests per query after warm-up (default 50)
  --fleet-cache-mb N   memory the fleet may use for built payloads (default 2048)
  --profile DIR        write a V8 CPU profile of every measured section to DIR
                       (profiled figures are slower; use for finding costs)
  --keep-databases     do not drop the databases at the end (prints their names)
  --reordering F       fraction 0..1 of the instances that serve their keys in
                       a new order on every request, like clients that
                       serialise a map (default 0.5; the steady scenarios use
                       0 and 1 whatever it is)
  --shards N           also run N backend replicas (child processes) on one
                       PostgreSQL database: one discovery pass per cycle,
                       then each scraping its shard of the fleet at the same
                       time (default 1: no replica run; needs postgres in
                       --databases)
`;

function fraction(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new Error(
      `${flag} needs a number from 0 to 1, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** The plugin's limit of `periskop.shards`. */
const MAX_SHARDS = 64;

function positiveInteger(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(
      `${flag} needs a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

export function parseOptions(argv: string[], repoRoot: string): BenchOptions {
  const options: BenchOptions = {
    targets: 1000,
    keys: 50,
    entities: 200,
    databases: ['sqlite', 'postgres'],
    skipQueries: false,
    skipScrape: false,
    out: path.join(repoRoot, 'docs', 'benchmarks', 'latest.json'),
    postgresUrl:
      process.env.PERISKOP_BENCH_POSTGRES ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
    seed: 42,
    floorPasses: 2,
    steadyRuns: 3,
    queryRuns: 50,
    fleetCacheMb: 2048,
    profileDir: undefined,
    keepDatabases: false,
    reordering: 0.5,
    shards: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=')
      ? arg.split(/=(.*)/s, 2)
      : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--targets':
        options.targets = positiveInteger(flag, value());
        break;
      case '--keys':
        options.keys = positiveInteger(flag, value());
        break;
      case '--entities':
        options.entities = positiveInteger(flag, value());
        break;
      case '--databases': {
        const list = (value() ?? '')
          .split(',')
          .map(s => s.trim())
          .filter(Boolean);
        for (const kind of list) {
          if (kind !== 'sqlite' && kind !== 'postgres') {
            throw new Error(
              `--databases: unknown database ${JSON.stringify(
                kind,
              )} (sqlite, postgres)`,
            );
          }
        }
        if (list.length === 0)
          throw new Error('--databases needs sqlite, postgres or both');
        options.databases = list as DatabaseKind[];
        break;
      }
      case '--skip-queries':
        options.skipQueries = true;
        break;
      case '--skip-scrape':
        options.skipScrape = true;
        break;
      case '--out':
        options.out = path.resolve(value() ?? '');
        break;
      case '--postgres':
        options.postgresUrl = value() ?? '';
        break;
      case '--seed':
        options.seed = positiveInteger(flag, value());
        break;
      case '--floor-passes':
        options.floorPasses = positiveInteger(flag, value());
        break;
      case '--steady-runs':
        options.steadyRuns = positiveInteger(flag, value());
        break;
      case '--query-runs':
        options.queryRuns = positiveInteger(flag, value());
        break;
      case '--fleet-cache-mb':
        options.fleetCacheMb = positiveInteger(flag, value());
        break;
      case '--profile':
        options.profileDir = path.resolve(value() ?? '');
        break;
      case '--keep-databases':
        options.keepDatabases = true;
        break;
      case '--reordering':
        options.reordering = fraction(flag, value());
        break;
      case '--shards':
        options.shards = positiveInteger(flag, value());
        if (options.shards > MAX_SHARDS) {
          throw new Error(`--shards: at most ${MAX_SHARDS}, as the plugin`);
        }
        break;
      case '--help':
      case '-h':
        throw Object.assign(new Error(USAGE), { usage: true });
      default:
        throw new Error(`Unknown flag ${arg}\n\n${USAGE}`);
    }
  }
  if (options.shards > 1 && !options.databases.includes('postgres')) {
    throw new Error(
      '--shards runs the replicas on PostgreSQL: add postgres to --databases',
    );
  }
  if (options.entities > options.targets) {
    options.entities = options.targets;
  }
  return options;
}
