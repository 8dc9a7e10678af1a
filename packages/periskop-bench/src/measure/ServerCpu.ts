import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ticks (user + system) of every process whose command line contains `needle`. */
function snapshot(needle: string): Map<number, number> {
  const result = new Map<number, number>();
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter(name => /^\d+$/.test(name));
  } catch {
    return result;
  }
  for (const pid of pids) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(needle)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after the command (which may contain spaces) in parentheses
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process went away
    }
  }
  return result;
}

/**
 * CPU used by the PostgreSQL server processes that serve one database (the
 * backends whose process title names it), read from /proc: the part of a
 * scrape cycle's cost that a client-side measurement does not see. A backend
 * that exits during the section loses its last ticks; shared processes
 * (WAL writer, checkpointer, autovacuum) are not counted. Undefined where
 * /proc is not readable (the server runs elsewhere).
 */
export class ServerCpu {
  readonly #needle: string;
  #before = new Map<number, number>();

  constructor(databaseName: string) {
    this.#needle = ` ${databaseName} `;
  }

  start(): void {
    this.#before = snapshot(this.#needle);
  }

  /** CPU milliseconds since `start()`, or undefined when no backend was found. */
  stop(): number | undefined {
    const after = snapshot(this.#needle);
    if (after.size === 0 && this.#before.size === 0) {
      return undefined;
    }
    let ticks = 0;
    for (const [pid, value] of after) {
      ticks += value - (this.#before.get(pid) ?? 0);
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  }
}
