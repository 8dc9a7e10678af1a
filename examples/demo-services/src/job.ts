import { performance } from 'node:perf_hooks';
import {
  ErrorCollector,
  ErrorExporter,
  pushToGateway,
} from '@periskop-backstage/periskop-client';
import { describePushFailure, PushFailureLog } from './pushFailures';
import { createRandom } from './random';
import { jobPushUrl } from './services';
import type { DemoJobDefinition, JobRunContext } from './types';

export interface DemoJobOptions {
  definition: DemoJobDefinition;
  /** The Backstage backend's base URL, e.g. `http://localhost:7007`. */
  backendUrl: string;
  /** A static token of the backend's `backend.auth.externalAccess`. */
  token: string;
  /** Divides every duration of the job; 1 is real time. */
  speed: number;
  seed: string;
  /** Where the job says that a push failed, or works again; default stdout. */
  log?: (line: string) => void;
  /**
   * The shortest real time between two runs, whatever the speed; default
   * 3 s. Every run is a new instance in the backend, and the backend takes
   * 60 pushes per minute and entity by default (two per run here).
   */
  minIntervalMs?: number;
  /** How long one push may take; default 10 s. */
  pushTimeoutMs?: number;
  /** Called when the job itself fails (a bug in the demo, not a demo error). */
  onWorkloadError?: (error: unknown, job: DemoJob) => void;
}

/** One run of a job: its collector's `target_uuid` and what became of it. */
export interface DemoJobRun {
  run: number;
  targetUuid: string;
  /** Errors reported so far. */
  reported: number;
  /** Pushes the backend accepted (2xx), and those that failed. */
  accepted: number;
  failed: number;
}

/** How many runs {@link DemoJob.runs} remembers. */
const REMEMBERED_RUNS = 50;

/**
 * A demo batch job: runs every `everyMs` (divided by the speed), each run
 * with a NEW collector (a new `target_uuid`, as a new process of a real job
 * would have), and pushes after every phase of the run to the token route
 * of its entity. A failed push is one line of output and the next run tries
 * again; nothing the backend does stops the job.
 */
export class DemoJob {
  readonly definition: DemoJobDefinition;
  /** Where the job pushes (`pushToGateway` adds `/errors`). */
  readonly pushUrl: string;
  /** The latest runs, oldest first. */
  readonly runs: DemoJobRun[] = [];

  private readonly options: DemoJobOptions;
  private readonly failures: PushFailureLog;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private everAccepted = false;

  constructor(options: DemoJobOptions) {
    this.options = options;
    this.definition = options.definition;
    this.pushUrl = jobPushUrl(options.definition, options.backendUrl);
    this.failures = new PushFailureLog(line => this.log(line));
  }

  /** `nightly-import` */
  get id(): string {
    return this.definition.name;
  }

  /** `component:default/nightly-import` */
  get entityRef(): string {
    return `component:default/${this.definition.name}`;
  }

  /** Real time between the starts of two runs. */
  get intervalMs(): number {
    return Math.max(
      this.definition.everyMs / this.options.speed,
      this.options.minIntervalMs ?? 3_000,
    );
  }

  /** Starts running (the first run after `firstRunAfterMs`). */
  start(): void {
    if (this.loop || this.stopped) {
      return;
    }
    this.loop = this.runLoop().catch(error => this.workloadError(error));
  }

  /** Stops the job: no further run, an open push is aborted. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private log(line: string): void {
    (this.options.log ?? (l => process.stdout.write(`${l}\n`)))(line);
  }

  private workloadError(error: unknown): void {
    if (this.options.onWorkloadError) {
      this.options.onWorkloadError(error, this);
    } else {
      process.stderr.write(`${this.id}: the job failed: ${String(error)}\n`);
    }
  }

  /** Resolves after `ms` of real time, or at once when the job stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      if (this.stopped || ms <= 0) {
        resolve();
        return;
      }
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  private async runLoop(): Promise<void> {
    const startedAt = performance.now();
    const ratio = this.intervalMs / this.definition.everyMs;
    let next = this.definition.firstRunAfterMs * ratio;
    for (let run = 1; ; run++) {
      await this.sleep(next - (performance.now() - startedAt));
      if (this.stopped) {
        return;
      }
      await this.runOnce(run, this.definition.phaseGapMs * ratio);
      // a slow push delays the next run, it never overlaps it
      next = Math.max(next + this.intervalMs, performance.now() - startedAt);
    }
  }

  private async runOnce(run: number, phaseGapMs: number): Promise<void> {
    // a new collector per run: a new process of a real job, a new target_uuid
    const collector = new ErrorCollector();
    const exporter = new ErrorExporter(collector);
    const record: DemoJobRun = {
      run,
      targetUuid: collector.targetUuid,
      reported: 0,
      accepted: 0,
      failed: 0,
    };
    this.runs.push(record);
    if (this.runs.length > REMEMBERED_RUNS) {
      this.runs.shift();
    }

    const context: JobRunContext = {
      job: this.definition.name,
      run,
      random: createRandom(`${this.options.seed}/${this.id}/run-${run}`),
      now: () => new Date(),
      report: (error, { severity, aggregationKey }) => {
        collector.report(error, { severity, aggregationKey });
        record.reported += 1;
      },
    };

    const phases = this.definition.planRun(context);
    for (let i = 0; i < phases.length; i++) {
      if (i > 0) {
        await this.sleep(phaseGapMs);
      }
      if (this.stopped) {
        return;
      }
      try {
        phases[i]();
      } catch (error) {
        // the phases catch what they throw; this is a bug in the demo itself
        this.workloadError(error);
      }
      // even when an earlier push failed: the backend may be up by now
      await this.push(exporter, record);
    }
  }

  private async push(
    exporter: ErrorExporter,
    record: DemoJobRun,
  ): Promise<void> {
    try {
      await pushToGateway(exporter, this.pushUrl, {
        headers: { Authorization: `Bearer ${this.options.token}` },
        signal: AbortSignal.any([
          this.abort.signal,
          AbortSignal.timeout(this.options.pushTimeoutMs ?? 10_000),
        ]),
      });
    } catch (error) {
      if (this.stopped) {
        return; // aborted by stop(): not a failure of the backend
      }
      record.failed += 1;
      const failure = describePushFailure(error, {
        backendUrl: new URL(this.pushUrl).origin,
        entityRef: this.entityRef,
      });
      this.failures.failed(
        failure,
        text =>
          `${this.id}: push of run ${record.run} failed: ${text}; trying again at the next run`,
      );
      return;
    }
    record.accepted += 1;
    const recovered = this.failures.succeeded();
    if (!this.everAccepted || recovered) {
      this.everAccepted = true;
      this.log(
        `${this.id}: push of run ${record.run} accepted (${
          record.reported
        } errors so far); ${
          recovered ? 'pushes work again' : 'later pushes are silent'
        } until one fails`,
      );
    }
  }
}
