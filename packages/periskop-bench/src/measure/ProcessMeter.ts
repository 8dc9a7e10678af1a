import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What one measured section of this process cost. */
export interface ProcessCost {
  wallMs: number;
  /** User + system CPU of this process. */
  cpuMs: number;
  /** Highest resident set size during the section. */
  peakRssBytes: number;
  /** How the peak was measured: the kernel's high-water mark, or sampling. */
  peakRssMethod: 'VmHWM' | 'sampled';
}

const STATUS = '/proc/self/status';
const CLEAR_REFS = '/proc/self/clear_refs';

function readHighWaterMark(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(STATUS, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resets the kernel's peak-RSS counter of this process (Linux: writing 5 to
 * /proc/self/clear_refs), so that VmHWM afterwards is the peak of what
 * follows. False where that is not possible.
 */
function resetHighWaterMark(): boolean {
  try {
    fs.writeFileSync(CLEAR_REFS, '5');
    return readHighWaterMark() !== undefined;
  } catch {
    return false;
  }
}

/**
 * Measures wall time, CPU time and peak RSS of a section of this process.
 * The peak comes from the kernel (exact) on Linux; elsewhere RSS is sampled
 * every 10 ms, which can miss short spikes.
 */
export async function measureProcess<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; cost: ProcessCost }> {
  const exact = resetHighWaterMark();
  let sampledPeak = process.memoryUsage.rss();
  const sampler = exact
    ? undefined
    : setInterval(() => {
        sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
      }, 10);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await fn();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const peak = exact ? readHighWaterMark() : undefined;
    return {
      result,
      cost: {
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakRssBytes: peak ?? Math.max(sampledPeak, process.memoryUsage.rss()),
        peakRssMethod: peak !== undefined ? 'VmHWM' : 'sampled',
      },
    };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}
