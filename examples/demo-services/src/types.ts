import type { Random } from './random';

/** The severities of the Periskop format. */
export type DemoSeverity = 'error' | 'warning' | 'info';

/** The (simulated) incoming HTTP request during which an error happened. */
export interface DemoRequest {
  method: string;
  /** The full URL as the service saw it. */
  url: string;
  headers: Record<string, string>;
  body?: string | null;
}

/** What a scenario gets when it runs: randomness, a clock, and a way to report. */
export interface ScenarioContext {
  /** The service name, e.g. `api-auth`. */
  service: string;
  /** 1-based instance number. */
  instance: number;
  /** Seeded randomness, one independent stream per (instance, scenario). */
  random: Random;
  now(): Date;
  /**
   * Hands an error to the instance's Periskop collector; what an error
   * middleware or a job runner does in a real service.
   */
  report(
    error: unknown,
    options: {
      severity: DemoSeverity;
      request?: DemoRequest;
      aggregationKey?: string;
    },
  ): void;
}

/** Occurrences in bursts: quiet, then `count` errors within `withinMs`. */
export interface BurstPattern {
  /** When the first burst starts, after the instance started. */
  firstAfterMs: number;
  /** Time between the starts of two bursts. */
  everyMs: number;
  /** Each start moves by up to ± this much. */
  jitterMs: number;
  /** How many occurrences one burst has per instance, [min, max]. */
  count: [number, number];
  /** How long one burst lasts. */
  withinMs: number;
}

/**
 * One kind of error that a demo service keeps producing. All durations are
 * at speed 1 (real time); `DEMO_SPEED` divides them.
 */
export interface DemoScenario {
  /** Stable id, e.g. `token-expired`. */
  id: string;
  /** The error class that shows up in Periskop (for documentation and tests). */
  errorClass: string;
  /** The severity it is reported with (for documentation and tests). */
  severity: DemoSeverity;
  /** One sentence for humans. */
  description: string;
  /** Steady occurrences: mean time between two of them (exponential). */
  meanIntervalMs?: number;
  /** Occurrences in bursts instead of (or in addition to) steady ones. */
  burst?: BurstPattern;
  /** The "fixed bug": no occurrence after this long. */
  stopAfterMs?: number;
  /** Runs the code path once; it throws, catches and reports. */
  run(context: ScenarioContext): void;
}

/** A demo service: a name, fixed ports (one per instance) and its scenarios. */
export interface DemoServiceDefinition {
  /** The catalog entity name and the service name. */
  name: string;
  /** The name used in `periskop.io/service-name`, when it differs. */
  serviceName?: string;
  description: string;
  /** The owning group in examples/org.yaml. */
  owner: string;
  /** One port per instance, at the default base port. */
  ports: number[];
  scenarios: DemoScenario[];
}

/** What one run of a batch job gets: randomness, a clock, and a way to report. */
export interface JobRunContext {
  /** The job name, e.g. `nightly-import`. */
  job: string;
  /** 1-based number of the run since the demo started. */
  run: number;
  /** Seeded randomness, one independent stream per run. */
  random: Random;
  now(): Date;
  /** Hands an error to this run's Periskop collector, as a job runner would. */
  report(
    error: unknown,
    options: { severity: DemoSeverity; aggregationKey?: string },
  ): void;
}

/**
 * A demo batch job: nothing can scrape it, so every run pushes its own
 * collector (a new `target_uuid`) to the Backstage backend. All durations
 * are at speed 1 (real time); `DEMO_SPEED` divides them.
 */
export interface DemoJobDefinition {
  /** The catalog entity name (a Component in the `default` namespace). */
  name: string;
  /** The name in `periskop.io/service-name` (the only annotation of the entity). */
  serviceName: string;
  description: string;
  /** The owning group in examples/org.yaml. */
  owner: string;
  /** When the first run starts, after the demo started. */
  firstRunAfterMs: number;
  /** Time between the starts of two runs. */
  everyMs: number;
  /** Time between two phases of one run (the progress push and the next). */
  phaseGapMs: number;
  /** What the runs report (for documentation and tests). */
  errors: ReadonlyArray<{
    errorClass: string;
    severity: DemoSeverity;
    description: string;
  }>;
  /**
   * Plans one run: its phases, in order. Each phase throws, catches and
   * reports; the job pushes after every phase, so all but the last push is
   * a progress push of the same collector.
   */
  planRun(context: JobRunContext): Array<() => void>;
}
