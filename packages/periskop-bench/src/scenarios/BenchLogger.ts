import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A logger for the plugin's classes under test: silent, but it keeps the
 * warnings and errors (and the cycle lines) so the report can say whether
 * anything went wrong during a measured cycle.
 */
export class BenchLogger implements LoggerService {
  warnings = 0;
  errors = 0;
  readonly firstProblems: string[] = [];
  readonly cycleLines: string[] = [];
  readonly #verbose: boolean;

  constructor(options: { verbose?: boolean } = {}) {
    this.#verbose = options.verbose ?? false;
  }

  #remember(level: string, message: string, extra?: unknown) {
    if (this.firstProblems.length < 5) {
      const detail = extra instanceof Error ? `: ${extra.message}` : '';
      this.firstProblems.push(`${level}: ${message}${detail}`);
    }
  }

  error(message: string, extra?: unknown): void {
    this.errors++;
    this.#remember('error', message, extra);
    if (this.#verbose) process.stderr.write(`[plugin error] ${message}\n`);
  }

  warn(message: string, extra?: unknown): void {
    this.warnings++;
    this.#remember('warn', message, extra);
    if (this.#verbose) process.stderr.write(`[plugin warn] ${message}\n`);
  }

  info(message: string): void {
    if (message.startsWith('Periskop scrape cycle')) {
      this.cycleLines.push(message);
    }
    if (this.#verbose) process.stderr.write(`[plugin] ${message}\n`);
  }

  debug(): void {}

  child(): LoggerService {
    return this;
  }

  reset() {
    this.warnings = 0;
    this.errors = 0;
    this.firstProblems.length = 0;
  }
}
