import type { Entity } from '@backstage/catalog-model';
import type {
  DiscoverySummary,
  ScrapeCycleSummary,
} from '@periskop-backstage/plugin-periskop-backend/internal';
import type { ProcessCost } from '../measure/ProcessMeter';

/** Messages from the benchmark to a backend replica process. */
export type ReplicaRequest =
  | {
      type: 'start';
      /** Server and database every replica shares. */
      postgresUrl: string;
      database: string;
      /** This replica's shard: it scrapes `index` of `count`. */
      shard: { index: number; count: number };
      /** The fleet's catalog entities, for the replica's own fake catalog. */
      entities: Entity[];
      /** The child exits by itself after this long, whatever happens. */
      maxLifetimeMs: number;
    }
  /** Run one scrape cycle of the replica's shard (of the stored targets) now. */
  | { type: 'cycle'; id: number }
  /** Run the discovery task now (catalog, DNS, sync of the stored targets). */
  | { type: 'discover'; id: number }
  | { type: 'stop' };

/** What one replica measured of one cycle, inside its own process. */
export interface ReplicaCycle {
  summary: ScrapeCycleSummary;
  /** Wall, CPU (`process.cpuUsage`) and peak RSS of the replica process. */
  cost: ProcessCost;
  /** Statements the replica sent (BEGIN/COMMIT included). */
  statements: number;
  pluginWarnings: number;
  pluginErrors: number;
  problems: string[];
  /** Catalog reads (`streamEntities` calls) during the cycle. */
  catalogReads: number;
}

/** What one replica measured of one run of the discovery task. */
export interface ReplicaDiscovery {
  summary: DiscoverySummary;
  cost: ProcessCost;
  statements: number;
  /** Catalog reads (`streamEntities` calls) during the run. */
  catalogReads: number;
}

/** Messages from a replica process. */
export type ReplicaResponse =
  | { type: 'ready'; concurrency: number; shards: number }
  | { type: 'cycle'; id: number; cycle: ReplicaCycle }
  | { type: 'discovery'; id: number; discovery: ReplicaDiscovery }
  | { type: 'error'; message: string };
