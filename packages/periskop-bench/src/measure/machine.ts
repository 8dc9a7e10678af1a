import fs from 'node:fs';
import os from 'node:os';

/** What the figures were measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** Soft limit of open files of this process. */
  openFilesLimit: number | undefined;
}

/** The soft RLIMIT_NOFILE of this process, from /proc (Linux). */
export function openFilesLimit(): number | undefined {
  try {
    const match = /Max open files\s+(\d+|unlimited)/.exec(
      fs.readFileSync('/proc/self/limits', 'utf8'),
    );
    if (!match) return undefined;
    return match[1] === 'unlimited'
      ? Number.MAX_SAFE_INTEGER
      : Number(match[1]);
  } catch {
    return undefined;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    openFilesLimit: openFilesLimit(),
  };
}

/** 1, 5 and 15 minute load averages. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = os.loadavg();
  return [round2(a), round2(b), round2(c)];
}

function round2(value: number) {
  return Math.round(value * 100) / 100;
}
