import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's PostgreSQL 15 server binaries are; overridable for other layouts. */
const BIN_DIR =
  process.env.PERISKOP_TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A free loopback TCP port (free when asked; nothing else here takes it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of a test's own: `initdb` in a temporary folder, on
 * its own loopback port, so that a test can stop it hard and start it
 * again without touching the machine's server. As root, the server runs as
 * the `postgres` user (PostgreSQL refuses to run as root).
 */
export class TemporaryPostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly runAs: string | undefined,
  ) {}

  /** Why no server can be started here, or undefined when one can. */
  static unavailableReason(): string | undefined {
    for (const tool of ['initdb', 'pg_ctl']) {
      if (!fs.existsSync(path.join(BIN_DIR, tool))) {
        return `no ${tool} in ${BIN_DIR} (set PERISKOP_TEST_POSTGRES_BIN)`;
      }
    }
    if (process.getuid?.() === 0) {
      const user = spawnSync('id', ['-u', 'postgres']);
      if (user.status !== 0) {
        return 'running as root and there is no postgres user to run the server as';
      }
    }
    return undefined;
  }

  /** Initialises a cluster in a new temporary folder and starts it. */
  static async start(): Promise<TemporaryPostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periskop-pg-'));
    const runAs = process.getuid?.() === 0 ? 'postgres' : undefined;
    if (runAs) {
      execFileSync('chown', ['-R', runAs, dir]);
    }
    const server = new TemporaryPostgres(dir, await freePort(), runAs);
    server.run('initdb', [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    server.startServer();
    return server;
  }

  get connectionString(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** Starts the server (again) on the same data and port; waits until it accepts connections. */
  startServer(): void {
    this.run('pg_ctl', [
      'start',
      '-w',
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'server.log'),
      '-o',
      // no Unix socket in /var/run: only the loopback port of this test
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`,
    ]);
  }

  /**
   * Stops the server at once, as a crash or a killed container does:
   * every connection is cut, open transactions are lost, the next start
   * recovers from the write-ahead log.
   */
  crash(): void {
    this.run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', this.dataDir]);
  }

  /** Stops the server, if it runs, and removes its folder. */
  destroy(): void {
    spawnSync(
      ...this.command('pg_ctl', [
        'stop',
        '-m',
        'immediate',
        '-D',
        this.dataDir,
      ]),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The end of the server's log, for a failing test's message. */
  logTail(): string {
    try {
      return fs
        .readFileSync(path.join(this.dir, 'server.log'), 'utf8')
        .slice(-2000);
    } catch {
      return '';
    }
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const binary = path.join(BIN_DIR, tool);
    return this.runAs
      ? ['runuser', ['-u', this.runAs, '--', binary, ...args]]
      : [binary, args];
  }

  private run(tool: string, args: string[]): void {
    const [file, argv] = this.command(tool, args);
    const result = spawnSync(file, argv, { cwd: this.dir, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `${tool} ${args[0]} failed (${result.status}): ${result.stderr}${
          result.stdout
        }\n${this.logTail()}`,
      );
    }
  }
}
