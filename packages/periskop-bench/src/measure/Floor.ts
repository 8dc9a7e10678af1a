import { Agent } from 'undici';
import { mapWithConcurrency } from '@periskop-backstage/plugin-periskop-backend/internal';
import { measureProcess, ProcessCost } from './ProcessMeter';

/** One pass of the floor over every URL. */
export interface FloorPass extends ProcessCost {
  fetched: number;
  failed: number;
  bytes: number;
}

/** The floor: the least any scraper must do to read the fleet once. */
export interface FloorResult {
  /** The first pass, which also opens every connection. */
  cold: FloorPass;
  /** The warm passes (connections reused, as in every later cycle). */
  warm: FloorPass[];
  /** Median of the warm passes: what scenarios are divided by. */
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures the floor: `GET` every URL with undici and `JSON.parse` the body,
 * at the scraper's concurrency and with an agent set up like the scraper's
 * (one keep-alive connection per origin), storing nothing. A scenario's
 * ratio to it is what the plugin adds on top of reading the payloads.
 */
export async function measureFloor(options: {
  urls: string[];
  concurrency: number;
  warmPasses: number;
}): Promise<FloorResult> {
  const agent = new Agent({
    connections: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 60_000,
  });
  const pass = async (): Promise<FloorPass> => {
    const { result, cost } = await measureProcess(async () => {
      let bytes = 0;
      let failed = 0;
      await mapWithConcurrency(options.urls, options.concurrency, async url => {
        const target = new URL(url);
        try {
          const response = await agent.request({
            origin: target.origin,
            path: target.pathname,
            method: 'GET',
            headers: { accept: 'application/json' },
          });
          const text = await response.body.text();
          bytes += Number(response.headers['content-length'] ?? 0);
          const parsed = JSON.parse(text);
          if (!parsed || !Array.isArray(parsed.aggregated_errors)) failed++;
        } catch {
          failed++;
        }
      });
      return { bytes, failed };
    });
    return {
      ...cost,
      fetched: options.urls.length - result.failed,
      failed: result.failed,
      bytes: result.bytes,
    };
  };
  try {
    const cold = await pass();
    const warm: FloorPass[] = [];
    for (let i = 0; i < options.warmPasses; i++) {
      warm.push(await pass());
    }
    return {
      cold,
      warm,
      wallMs: median(warm.map(p => p.wallMs)),
      cpuMs: median(warm.map(p => p.cpuMs)),
      peakRssBytes: Math.max(...warm.map(p => p.peakRssBytes)),
    };
  } finally {
    await agent.close();
  }
}
