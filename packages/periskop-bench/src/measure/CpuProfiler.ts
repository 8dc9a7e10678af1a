import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';

/**
 * Writes a V8 CPU profile (`.cpuprofile`, open it in Chrome DevTools or
 * speedscope) of each measured section when `--profile DIR` is given; does
 * nothing otherwise. The profiler itself slows the process down, so figures
 * of a profiled run are not the benchmark's figures.
 */
export class CpuProfiler {
  readonly #directory: string | undefined;
  #session: Session | undefined;

  constructor(directory: string | undefined) {
    this.#directory = directory;
  }

  get enabled(): boolean {
    return this.#directory !== undefined;
  }

  #post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) =>
      this.#session!.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result as T),
      ),
    );
  }

  async start(): Promise<void> {
    if (!this.#directory) return;
    if (!this.#session) {
      this.#session = new Session();
      this.#session.connect();
      await this.#post('Profiler.enable');
      await this.#post('Profiler.setSamplingInterval', { interval: 500 });
    }
    await this.#post('Profiler.start');
  }

  /** Stops and writes `<name>.cpuprofile`; returns its path. */
  async stop(name: string): Promise<string | undefined> {
    if (!this.#directory || !this.#session) return undefined;
    const { profile } = await this.#post<{ profile: unknown }>('Profiler.stop');
    fs.mkdirSync(this.#directory, { recursive: true });
    const file = path.join(this.#directory, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    return file;
  }
}
