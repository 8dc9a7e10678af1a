import type { FleetShape } from './FleetPayloads';

/** Messages from the benchmark to a fleet child process. */
export type FleetRequest =
  | {
      type: 'start';
      shape: FleetShape;
      /** Global index of the child's first instance and how many it serves. */
      first: number;
      count: number;
      now: number;
      /** Budget for keeping built payloads in memory. */
      cacheBytes: number;
      /** The child exits by itself after this long, whatever happens. */
      maxLifetimeMs: number;
      /** Fraction of the fleet whose instances reorder their keys (see KeyOrders). */
      reordering: number;
    }
  | { type: 'churn'; id: number; round: number; now: number }
  | { type: 'restart'; id: number; round: number; now: number }
  | { type: 'stats'; id: number }
  /** Back to the state of `start`: the same payloads, byte for byte. */
  | { type: 'reset'; id: number }
  /** From now on, this fraction of the fleet reorders its keys on every request. */
  | { type: 'reordering'; id: number; fraction: number }
  /** How many requests each instance served since the last reset. */
  | { type: 'requests'; id: number }
  | { type: 'stop' };

/** Counters of what a fleet child served. */
export interface FleetStats {
  requests: number;
  bytes: number;
  /** CPU seconds the child used so far (user + system). */
  cpuSeconds: number;
  rssBytes: number;
  /** Every occurrence the fleet reported since the last reset, restarts included. */
  lifetimeOccurrences: number;
  /** Responses served with the keys in a permuted order, since the last reset. */
  reorderedResponses: number;
  /** Memory the kept payloads take. */
  cachedBytes: number;
}

/** Messages from a fleet child process. */
export type FleetResponse =
  | { type: 'ready'; ports: number[]; payloadBytes: number[] }
  | { type: 'done'; id: number; changed: number; payloadBytes: number[] }
  | { type: 'stats'; id: number; stats: FleetStats }
  /** Requests per instance of the child's slice, in order. */
  | { type: 'requests'; id: number; counts: Uint32Array }
  | { type: 'error'; message: string };
