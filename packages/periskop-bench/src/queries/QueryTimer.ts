import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** Latencies of one request, repeated. */
export interface LatencyStats {
  runs: number;
  p50: number;
  p95: number;
  max: number;
  min: number;
  mean: number;
  /** Size of the last answer. */
  responseBytes: number;
}

/** The value below which `p` of the sorted values fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Times GET requests against an HTTP server on loopback, one at a time over
 * one keep-alive connection, as a browser tab would send them: `warmUp`
 * untimed requests, then `runs` timed ones. A request that does not answer
 * 200 fails the benchmark rather than timing an error page.
 */
export class QueryTimer {
  readonly #pool: Pool;

  constructor(origin: string) {
    this.#pool = new Pool(origin, { connections: 1 });
  }

  async #get(path: string): Promise<{ ms: number; body: string }> {
    const started = performance.now();
    const response = await this.#pool.request({ path, method: 'GET' });
    const body = await response.body.text();
    const ms = performance.now() - started;
    if (response.statusCode !== 200) {
      throw new Error(
        `GET ${path} answered ${response.statusCode}: ${body.slice(0, 300)}`,
      );
    }
    return { ms, body };
  }

  async time(
    path: string | (() => string),
    options: { runs: number; warmUp: number },
  ): Promise<{ stats: LatencyStats; lastBody: string }> {
    const pathOf = typeof path === 'string' ? () => path : path;
    let lastBody = '';
    for (let i = 0; i < options.warmUp; i++) {
      lastBody = (await this.#get(pathOf())).body;
    }
    const samples: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const { ms, body } = await this.#get(pathOf());
      samples.push(ms);
      lastBody = body;
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      stats: {
        runs: sorted.length,
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        max: sorted[sorted.length - 1],
        min: sorted[0],
        mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
        responseBytes: Buffer.byteLength(lastBody),
      },
      lastBody,
    };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
