import { randomUUID } from 'node:crypto';
import { computeAggregationKey } from './aggregationKey';
import { toErrorInstance } from './errorInstance';
import { RingBuffer } from './RingBuffer';
import type {
  AggregatedError,
  ErrorInstance,
  ErrorOccurrence,
  HttpContext,
  Severity,
} from './types';

/**
 * Default number of samples kept per aggregation key, as in the other
 * Periskop clients.
 * @public
 */
export const DEFAULT_MAX_SAMPLES_PER_KEY = 10;

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info']);

/**
 * Options of an {@link ErrorCollector}.
 * @public
 */
export interface ErrorCollectorOptions {
  /** How many of the newest occurrences are kept per aggregation key. Default 10. */
  maxSamplesPerKey?: number;
  /** Identifies this process to Periskop. Default: a random UUID per collector. */
  targetUuid?: string;
  /** The clock, for tests. Default: `() => new Date()`. */
  now?: () => Date;
}

/**
 * Options of {@link ErrorCollector.report}.
 * @public
 */
export interface ReportOptions {
  /** Default `'error'`. */
  severity?: Severity;
  /** The HTTP request during which the error happened. */
  httpContext?: HttpContext;
  /**
   * A custom aggregation key (like periskop-go's `ErrKey`): every report with
   * the same key is one error group, whatever the error. Default: computed
   * from the error's class and throw site, see {@link computeAggregationKey}.
   */
  aggregationKey?: string;
}

interface Aggregate {
  aggregationKey: string;
  totalCount: number;
  severity: Severity;
  createdAt: string;
  samples: RingBuffer<ErrorOccurrence>;
}

function cloneErrorInstance(error: ErrorInstance): ErrorInstance {
  return {
    class: error.class,
    message: error.message,
    stacktrace: [...error.stacktrace],
    cause: error.cause ? cloneErrorInstance(error.cause) : null,
  };
}

function cloneHttpContext(context: HttpContext): HttpContext {
  const copy: HttpContext = {
    requestMethod: context.requestMethod,
    requestUrl: context.requestUrl,
  };
  if (context.requestHeaders !== undefined) {
    copy.requestHeaders = { ...context.requestHeaders };
  }
  if (context.requestBody !== undefined) {
    copy.requestBody = context.requestBody;
  }
  return copy;
}

/** Copies a caller's context, coercing values so that it always serialises. */
function normaliseHttpContext(context: HttpContext): HttpContext {
  const normalised: HttpContext = {
    requestMethod: String(context.requestMethod ?? ''),
    requestUrl: String(context.requestUrl ?? ''),
  };
  const headers = context.requestHeaders as
    | Record<string, unknown>
    | null
    | undefined;
  if (headers !== undefined && headers !== null) {
    const copy: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || value === null) {
        continue;
      }
      copy[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    normalised.requestHeaders = copy;
  }
  const body = context.requestBody as unknown;
  if (body !== undefined) {
    if (typeof body === 'string') {
      normalised.requestBody = body;
    } else {
      normalised.requestBody = body === null ? null : String(body);
    }
  }
  return normalised;
}

/**
 * Collects reported errors in memory, aggregated by key, ready to be served
 * to Periskop by an {@link ErrorExporter}.
 *
 * @remarks
 * Per aggregation key it counts every report, keeps the newest
 * `maxSamplesPerKey` occurrences (a ring buffer, so memory per key is
 * bounded), the severity of the newest report and when the key was first
 * seen. Each occurrence gets a random UUID and a timestamp.
 *
 * Counts only grow for the life of the collector: Periskop computes deltas
 * between scrapes and recognises a restart by a new {@link ErrorCollector.targetUuid}.
 *
 * @example
 * ```ts
 * const collector = new ErrorCollector();
 * try {
 *   await handle(request);
 * } catch (error) {
 *   collector.report(error, { httpContext: { requestMethod: 'GET', requestUrl: '/x' } });
 * }
 * ```
 * @public
 */
export class ErrorCollector {
  /** Identifies this process (this collector) to Periskop. */
  readonly targetUuid: string;

  readonly #maxSamplesPerKey: number;
  readonly #now: () => Date;
  readonly #aggregates = new Map<string, Aggregate>();

  constructor(options: ErrorCollectorOptions = {}) {
    const max = options.maxSamplesPerKey ?? DEFAULT_MAX_SAMPLES_PER_KEY;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `maxSamplesPerKey must be a positive integer, got ${max}`,
      );
    }
    if (options.targetUuid !== undefined && options.targetUuid === '') {
      throw new RangeError('targetUuid must not be empty');
    }
    this.#maxSamplesPerKey = max;
    this.#now = options.now ?? (() => new Date());
    this.targetUuid = options.targetUuid ?? randomUUID();
  }

  /**
   * Records one occurrence of an error.
   *
   * @param error - what was thrown or rejected: an `Error` (its `cause` chain
   *   is recorded too) or any other value (see {@link toErrorInstance}).
   * @param options - severity (default `'error'`), HTTP context and an
   *   optional custom aggregation key.
   */
  report(error: unknown, options: ReportOptions = {}): void {
    const instance = toErrorInstance(error);
    const severity: Severity =
      options.severity !== undefined && SEVERITIES.has(options.severity)
        ? options.severity
        : 'error';
    const key =
      typeof options.aggregationKey === 'string' &&
      options.aggregationKey !== ''
        ? options.aggregationKey
        : computeAggregationKey(instance);
    const timestamp = this.#now().toISOString();

    let aggregate = this.#aggregates.get(key);
    if (!aggregate) {
      aggregate = {
        aggregationKey: key,
        totalCount: 0,
        severity,
        createdAt: timestamp,
        samples: new RingBuffer(this.#maxSamplesPerKey),
      };
      this.#aggregates.set(key, aggregate);
    }
    aggregate.totalCount += 1;
    aggregate.severity = severity;
    aggregate.samples.push({
      error: instance,
      uuid: randomUUID(),
      timestamp,
      severity,
      httpContext: options.httpContext
        ? normaliseHttpContext(options.httpContext)
        : null,
    });
  }

  /**
   * A snapshot of everything collected so far, in the order the keys were
   * first reported; samples oldest first. Later reports do not change it.
   */
  getAggregatedErrors(): AggregatedError[] {
    return [...this.#aggregates.values()].map(aggregate => ({
      aggregationKey: aggregate.aggregationKey,
      totalCount: aggregate.totalCount,
      severity: aggregate.severity,
      latestErrors: aggregate.samples.toArray().map(sample => ({
        error: cloneErrorInstance(sample.error),
        uuid: sample.uuid,
        timestamp: sample.timestamp,
        severity: sample.severity,
        httpContext: sample.httpContext
          ? cloneHttpContext(sample.httpContext)
          : null,
      })),
      createdAt: aggregate.createdAt,
    }));
  }
}
