import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestDnsRecords } from './dnsServer';
import { normaliseHostname } from '../discovery/hostNames';
import { freeLoopbackUdpTcpPort } from './loopbackUdpTcp';

/** Debian's dnsmasq (package `dnsmasq-base`); overridable for other layouts. */
const BINARY = process.env.PERISKOP_TEST_DNSMASQ ?? '/usr/sbin/dnsmasq';

/** How long dnsmasq may take to start, reload or stop. */
const READY_TIMEOUT_MS = 10_000;

/**
 * Debian's dnsmasq as the DNS server of a test, on its own loopback port
 * (UDP and TCP), so that discovery is tested against a DNS server nobody
 * here wrote.
 *
 * It answers only from the records a test sets, and for every name
 * (`--local=/#/`): a name without records is NXDOMAIN, a name set without
 * any records exists without addresses (NODATA), and nothing is forwarded
 * anywhere (`--no-resolv`, no servers). A and AAAA records live in an
 * `--addn-hosts` file, which dnsmasq re-reads on SIGHUP; SRV records are
 * configuration, which dnsmasq reads only at start, so changing them
 * restarts it on the same port.
 */
export class Dnsmasq {
  readonly #dir: string;
  readonly #port: number;
  readonly #zone = new Map<string, TestDnsRecords>();
  #process: ChildProcess | undefined;
  #log = '';
  /** The configuration (SRV and TXT lines) the running process was started with. */
  #startedWith = '';

  private constructor(dir: string, port: number) {
    this.#dir = dir;
    this.#port = port;
  }

  /** Why dnsmasq cannot be started here, or undefined when it can. */
  static unavailableReason(): string | undefined {
    try {
      fs.accessSync(BINARY, fs.constants.X_OK);
      return undefined;
    } catch {
      return `no dnsmasq at ${BINARY} (apt-get install dnsmasq-base, or set PERISKOP_TEST_DNSMASQ)`;
    }
  }

  /** Starts dnsmasq on 127.0.0.1, on a port that is free for UDP and TCP. */
  static async start(): Promise<Dnsmasq> {
    const unavailable = Dnsmasq.unavailableReason();
    if (unavailable) {
      throw new Error(`Cannot start the test DNS server: ${unavailable}`);
    }
    for (let attempt = 0; ; attempt++) {
      const port = await freeLoopbackUdpTcpPort();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periskop-dnsmasq-'));
      const server = new Dnsmasq(dir, port);
      try {
        await server.#launch();
        return server;
      } catch (error) {
        await server.stop();
        // another process may have taken the port in between
        if (attempt >= 3 || !/address already in use/i.test(server.#log)) {
          throw error;
        }
      }
    }
  }

  /** `127.0.0.1:<port>`, as `periskop.discovery.dnsServers` takes it. */
  get address(): string {
    return `127.0.0.1:${this.#port}`;
  }

  /**
   * Sets (replaces) the records of a name and waits until dnsmasq answers
   * with them: a SIGHUP when only addresses changed, a restart otherwise.
   */
  async set(name: string, records: TestDnsRecords): Promise<void> {
    this.#zone.set(normaliseHostname(name), records);
    this.#writeHosts();
    if (this.#configuration() === this.#startedWith) {
      await this.#reloadHosts();
    } else {
      await this.#terminate();
      await this.#launch();
    }
  }

  /** Stops dnsmasq and removes its folder. */
  async stop(): Promise<void> {
    await this.#terminate();
    fs.rmSync(this.#dir, { recursive: true, force: true });
  }

  get #hostsFile(): string {
    return path.join(this.#dir, 'hosts');
  }

  get #configFile(): string {
    return path.join(this.#dir, 'dnsmasq.conf');
  }

  /** One `address name` line per A and AAAA record, in hosts file format. */
  #writeHosts(): void {
    const lines = [...this.#zone].flatMap(([name, records]) =>
      [...(records.a ?? []), ...(records.aaaa ?? [])].map(
        ip => `${ip} ${name}\n`,
      ),
    );
    fs.writeFileSync(this.#hostsFile, lines.join(''));
  }

  /**
   * The configuration file's records: SRV records, and a TXT record for a
   * name without any other record, so that it exists (NODATA, not NXDOMAIN).
   */
  #configuration(): string {
    return [...this.#zone]
      .flatMap(([name, records]) => {
        const srv = (records.srv ?? []).map(
          r =>
            `srv-host=${name},${normaliseHostname(r.name)},${r.port},${
              r.priority ?? 10
            },${r.weight ?? 0}\n`,
        );
        const empty = !records.a?.length && !records.aaaa?.length;
        return srv.length === 0 && empty
          ? [`txt-record=${name},periskop-test\n`]
          : srv;
      })
      .join('');
  }

  /** Starts dnsmasq with the current records; resolves once it answers. */
  async #launch(): Promise<void> {
    this.#writeHosts();
    this.#startedWith = this.#configuration();
    fs.writeFileSync(this.#configFile, this.#startedWith);
    const reads = this.#hostsReads();
    this.#process = spawn(
      BINARY,
      [
        '--keep-in-foreground',
        `--conf-file=${this.#configFile}`, // and not /etc/dnsmasq.conf
        `--pid-file=${path.join(this.#dir, 'dnsmasq.pid')}`,
        '--log-facility=-', // stderr, kept for failure messages
        `--port=${this.#port}`,
        '--listen-address=127.0.0.1',
        '--bind-interfaces',
        '--no-resolv',
        '--no-poll',
        '--no-hosts',
        `--addn-hosts=${this.#hostsFile}`,
        '--local=/#/',
        // as root, keep root: the folder is private to this user
        ...(process.getuid?.() === 0 ? ['--user=root', '--group=root'] : []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const child = this.#process;
    let spawnFailed = false;
    child.once('error', error => {
      spawnFailed = true;
      this.#log += `\n${error.message}`;
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.#log += chunk;
    });
    // the hosts file is read after the sockets are bound
    await this.#waitFor(
      () => this.#hostsReads() > reads,
      'start',
      () => spawnFailed || child.exitCode !== null || child.signalCode !== null,
    );
  }

  /** Makes dnsmasq re-read the hosts file; resolves once it did. */
  async #reloadHosts(): Promise<void> {
    const reads = this.#hostsReads();
    this.#process!.kill('SIGHUP');
    await this.#waitFor(() => this.#hostsReads() > reads, 'reload');
  }

  /** Stops the running dnsmasq, if any, and waits until it has exited. */
  async #terminate(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (
      !child?.pid || // never started
      child.exitCode !== null ||
      child.signalCode !== null
    ) {
      return;
    }
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), READY_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** How often dnsmasq has logged reading the hosts file. */
  #hostsReads(): number {
    return this.#log.split(`read ${this.#hostsFile} - `).length - 1;
  }

  async #waitFor(
    done: () => boolean,
    what: string,
    failed: () => boolean = () => false,
  ): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!done()) {
      if (failed() || Date.now() > deadline) {
        throw new Error(`dnsmasq did not ${what}:\n${this.#log.slice(-2000)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}
