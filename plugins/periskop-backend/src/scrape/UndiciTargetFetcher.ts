import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import { Deadline } from '../concurrency/Deadline';
import { Semaphore } from '../concurrency/Semaphore';
import { connectWithLookup, type LookupForPort } from './connectWithLookup';
import { describeNetworkError, isStaleSocket } from './describeNetworkError';
import { type FetchOutcome, toFetchResult } from './fetchOutcome';
import { formatDuration } from './formatDuration';
import { quote } from './reasonText';
import { readBodyWithinLimit } from './responseBody';
import { statusReason } from './statusReason';
import type { FetchResult, TargetFetcher } from './types';

/** The `User-Agent` sent when none is configured. */
export const DEFAULT_USER_AGENT = 'periskop-backstage/0.1';

/**
 * How long an idle keep-alive connection is kept when the server gives no
 * `Keep-Alive: timeout=` hint (Go's `net/http` gives none). Longer than the
 * default 30 s schedule so a target's connection survives until the next
 * cycle, short enough that targets that disappeared release their sockets.
 */
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 60_000;

/**
 * Connections per origin. An origin is one instance, scraped once per cycle,
 * so one connection is all it needs; a second fetch of the same URL (two
 * entities listing it) queues behind the first instead of opening another
 * socket, and the number of sockets stays the number of instances.
 */
const CONNECTIONS_PER_ORIGIN = 1;

/** Options of {@link UndiciTargetFetcher}. */
export interface UndiciTargetFetcherOptions {
  /** Bound on the whole request: queueing, connect, headers and body. */
  timeoutMs: number;
  /** Responses larger than this are abandoned as soon as it is exceeded. */
  maxBodyBytes: number;
  /**
   * Maximum number of requests (hence sockets) in flight at once. The
   * scraper already bounds its concurrency; the fetcher enforces it again so
   * the bound holds whoever calls it.
   */
  concurrency: number;
  /**
   * A `dns.lookup`-compatible function used for every connection. The
   * outbound policy plugs in here so that the address actually connected to
   * is checked, which defeats DNS rebinding; an error it reports becomes the
   * failure reason as is. It is also consulted for IP-literal hosts (Node
   * does not resolve those) so a literal link-local address is refused too.
   */
  lookup?: LookupFunction;
  /**
   * Like `lookup`, made for the port connected to (for checks that depend
   * on the port: this backend's own). Wins over `lookup`.
   */
  lookupForPort?: LookupForPort;
  /** Defaults to {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
  /**
   * Idle time after which a pooled connection is closed when the server
   * sends no keep-alive hint; also the cap on such hints. Defaults to 60 s.
   */
  keepAliveTimeoutMs?: number;
}

/** What one attempt came to: a decision, or an error to retry or word. */
type Attempt =
  | { outcome: FetchOutcome }
  | { error: unknown; beforeResponse: boolean; bytes?: number };

/**
 * A {@link TargetFetcher} on one pooled keep-alive `undici` {@link Agent}.
 *
 * @remarks
 * `GET`s the exact URL it is given, never follows redirects, bounds time and
 * size, and turns every network or HTTP problem into a short human reason
 * instead of throwing.
 */
export class UndiciTargetFetcher implements TargetFetcher {
  readonly #agent: Agent;
  readonly #slots: Semaphore;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #headers: Record<string, string>;
  #closing: Promise<void> | undefined;

  constructor(options: UndiciTargetFetcherOptions) {
    const { timeoutMs, maxBodyBytes, concurrency, lookup } = options;
    if (!(timeoutMs > 0)) {
      throw new TypeError(`timeoutMs must be positive, got ${timeoutMs}`);
    }
    if (!(maxBodyBytes > 0)) {
      throw new TypeError(`maxBodyBytes must be positive, got ${maxBodyBytes}`);
    }
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new TypeError(
        `concurrency must be a positive integer, got ${concurrency}`,
      );
    }
    this.#timeoutMs = timeoutMs;
    this.#maxBodyBytes = maxBodyBytes;
    this.#slots = new Semaphore(concurrency);
    this.#headers = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    };
    const keepAliveMs =
      options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    this.#agent = new Agent({
      connect: connectWithLookup(
        timeoutMs,
        options.lookupForPort ?? (lookup ? () => lookup : undefined),
      ),
      connections: CONNECTIONS_PER_ORIGIN,
      keepAliveTimeout: keepAliveMs,
      keepAliveMaxTimeout: keepAliveMs,
      // Backstops only: the per-fetch deadline bounds the whole request and
      // fires first, but undici's 300 s defaults should never apply.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  async fetch(
    url: string,
    options?: { signal?: AbortSignal; digest?: boolean },
  ): Promise<FetchResult> {
    const started = performance.now();
    const finish = (outcome: FetchOutcome): FetchResult =>
      toFetchResult(outcome, performance.now() - started);

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish({ ok: false, reason: `invalid URL: ${quote(url)}` });
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return finish({
        ok: false,
        reason: `unsupported protocol ${quote(target.protocol)}`,
      });
    }
    if (this.#closing) {
      return finish({ ok: false, reason: 'fetcher closed' });
    }
    const callerSignal = options?.signal;
    if (callerSignal?.aborted) {
      return finish({ ok: false, reason: 'scrape aborted' });
    }

    // One signal for undici, aborted by our timeout or by the caller. Which
    // one fired is what lets the reason say "timed out" or "scrape aborted"
    // whatever error undici surfaces.
    const deadline = new Deadline(this.#timeoutMs, callerSignal);
    const failed = (error: unknown, bytes?: number): FetchResult =>
      finish({
        ok: false,
        reason: deadline.cause
          ? this.#abortedReason(deadline)
          : describeNetworkError(error, target, this.#timeoutMs),
        ...(bytes ? { bytes } : {}),
      });

    let release: (() => void) | undefined;
    try {
      // Time spent queued for a slot counts against the timeout.
      release = await this.#slots.acquire(deadline.signal);
      // A keep-alive connection can be closed by the server just as we send
      // on it (its idle timeout racing our schedule). Nothing was answered,
      // and a GET is idempotent, so one retry on a fresh connection is safe.
      for (let attempt = 1; ; attempt++) {
        const result = await this.#attempt(
          target,
          deadline.signal,
          options?.digest ?? true,
        );
        // An outcome is a decision made from the response (a status, a size)
        // and stands even if the clock ran out while draining a body.
        if ('outcome' in result) {
          return finish(result.outcome);
        }
        if (
          !deadline.cause &&
          attempt === 1 &&
          result.beforeResponse &&
          isStaleSocket(result.error)
        ) {
          continue;
        }
        return failed(result.error, result.bytes);
      }
    } catch (error) {
      // Only the slot wait can throw (when aborted while queued).
      return failed(error);
    } finally {
      deadline.dispose();
      release?.();
    }
  }

  #abortedReason(deadline: Deadline): string {
    return deadline.cause === 'timeout'
      ? `timed out after ${formatDuration(this.#timeoutMs)}`
      : 'scrape aborted';
  }

  /** One request; reports errors instead of throwing them. */
  async #attempt(
    target: URL,
    signal: AbortSignal,
    digestBody: boolean,
  ): Promise<Attempt> {
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#agent.request({
        origin: target.origin,
        // Exactly the path and query we were given: the Python client
        // answers only its exact path.
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: this.#headers,
        signal,
      });
    } catch (error) {
      return { error, beforeResponse: true };
    }
    if (response.statusCode >= 200 && response.statusCode < 300) {
      const read = await readBodyWithinLimit(
        response.headers,
        response.body,
        this.#maxBodyBytes,
        { digest: digestBody },
      );
      return 'outcome' in read ? read : { ...read, beforeResponse: false };
    }
    return {
      outcome: {
        ok: false,
        reason: await statusReason(response, signal),
      },
    };
  }

  /**
   * Closes the pooled connections. In-flight fetches finish first (they are
   * bounded by the timeout); later fetches fail with `fetcher closed`.
   */
  async close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    await this.#closing;
  }
}
