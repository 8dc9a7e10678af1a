import { randomUUID } from 'node:crypto';

/** Samples a Periskop client keeps per key, as the real clients do (a ring). */
const SAMPLES_KEPT = 3;

interface KeyState {
  count: number;
  samples: Array<{ uuid: string; timestamp: string }>;
}

/**
 * One instance of a service as a Periskop client library holds it in
 * memory: per aggregation key a lifetime count and the latest samples,
 * under a `target_uuid` that a restart replaces (counts start again from
 * zero). Tests let it report errors between scrapes and serve `payload()`
 * from a loopback server; `reported` is every occurrence it ever counted.
 */
export class CountingInstance {
  #uuid = randomUUID();
  #keys = new Map<string, KeyState>();
  /** Occurrences per key over all lives of the instance. */
  readonly reported = new Map<string, number>();

  constructor(readonly name: string) {}

  /** Counts `times` occurrences of `key`, each with a new sample. */
  report(key: string, times = 1): void {
    const state = this.#keys.get(key) ?? { count: 0, samples: [] };
    for (let i = 0; i < times; i++) {
      state.count += 1;
      state.samples.push({
        uuid: randomUUID(),
        timestamp: new Date(Date.now() + state.count).toISOString(),
      });
    }
    state.samples = state.samples.slice(-SAMPLES_KEPT);
    this.#keys.set(key, state);
    this.reported.set(key, (this.reported.get(key) ?? 0) + times);
  }

  /** The process restarts: a new `target_uuid`, every count back to zero. */
  restart(): void {
    this.#uuid = randomUUID();
    this.#keys.clear();
  }

  /** The current count of a key in this life of the instance. */
  count(key: string): number {
    return this.#keys.get(key)?.count ?? 0;
  }

  /** The client's `/-/exceptions` answer. */
  payload(): string {
    return JSON.stringify({
      target_uuid: this.#uuid,
      aggregated_errors: [...this.#keys].map(([key, state]) => ({
        aggregation_key: key,
        total_count: state.count,
        severity: 'error',
        latest_errors: state.samples.map(sample => ({
          error: {
            class: key.split('@')[0],
            message: `${key} in ${this.name}`,
            stacktrace: [`${this.name}.js:1`],
            cause: null,
          },
          uuid: sample.uuid,
          timestamp: sample.timestamp,
          severity: 'error',
          http_context: null,
        })),
        created_at: '2026-12-01T00:00:00Z',
      })),
    });
  }
}
