import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { formatBytes } from './formatBytes';
import { formatDuration } from './formatDuration';
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

/** How much of an error response is read to quote it in the reason. */
const ERROR_BODY_PEEK_BYTES = 4096;
/** How much of that quote ends up in the reason. */
const ERROR_BODY_QUOTE_CHARS = 200;

/**
 * A counting semaphore whose waiters give up when their signal aborts, so
 * time spent queued counts against the fetch's timeout.
 */
class Slots {
  #free: number;
  readonly #waiters: Array<{ grant(): void; cancel(): void }> = [];

  constructor(size: number) {
    this.#free = size;
  }

  acquire(signal: AbortSignal): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.#waiters.shift();
      if (next) {
        next.grant(); // hand the slot over directly
      } else {
        this.#free++;
      }
    };
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(release);
    }
    if (signal.aborted) {
      return Promise.reject(signal.reason);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', waiter.cancel);
          resolve(release);
        },
        cancel: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) {
            this.#waiters.splice(index, 1);
          }
          reject(signal.reason);
        },
      };
      this.#waiters.push(waiter);
      signal.addEventListener('abort', waiter.cancel, { once: true });
    });
  }
}

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
  /** Defaults to {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
  /**
   * Idle time after which a pooled connection is closed when the server
   * sends no keep-alive hint; also the cap on such hints. Defaults to 60 s.
   */
  keepAliveTimeoutMs?: number;
}

type AbortCause = 'timeout' | 'caller';

/** The part of a {@link FetchResult} decided by one attempt. */
type Outcome =
  | { ok: true; chunks: Buffer[]; bytes: number; digest: string }
  | { ok: false; reason: string; bytes?: number };

/**
 * A successful result whose `body` is only assembled and decoded from the
 * received chunks on first access (and then kept): a scraper that
 * recognises an unchanged payload by its `digest` never pays for copying
 * or decoding it. `digest` is not enumerable, so the result still looks
 * like `{ ok, body, bytes, durationMs }`.
 */
function okResult(
  chunks: Buffer[],
  bytes: number,
  digest: string,
  durationMs: number,
): FetchResult {
  let text: string | undefined;
  const result = {
    ok: true as const,
    get body(): string {
      // TextDecoder drops a UTF-8 BOM; invalid sequences become U+FFFD and
      // are left for the JSON parser to complain about.
      text ??= new TextDecoder('utf-8').decode(
        chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes),
      );
      return text;
    },
    bytes,
    durationMs,
  };
  Object.defineProperty(result, 'digest', { value: digest, enumerable: false });
  return result;
}

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
  readonly #slots: Slots;
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
    this.#slots = new Slots(concurrency);
    this.#headers = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    };
    const keepAliveMs =
      options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    this.#agent = new Agent({
      connect: createConnector(timeoutMs, lookup),
      connections: CONNECTIONS_PER_ORIGIN,
      keepAliveTimeout: keepAliveMs,
      keepAliveMaxTimeout: keepAliveMs,
      // Backstops only: the per-fetch timer below bounds the whole request
      // and fires first, but undici's 300 s defaults should never apply.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  async fetch(
    url: string,
    options?: { signal?: AbortSignal },
  ): Promise<FetchResult> {
    const started = performance.now();
    const finish = (outcome: Outcome): FetchResult =>
      outcome.ok
        ? okResult(
            outcome.chunks,
            outcome.bytes,
            outcome.digest,
            performance.now() - started,
          )
        : { ...outcome, durationMs: performance.now() - started };

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

    // One signal for undici, aborted by whichever comes first: our timer or
    // the caller. Remembering which one fired is what lets the reason say
    // "timed out" or "scrape aborted" whatever error undici surfaces.
    const controller = new AbortController();
    let abortCause: AbortCause | undefined;
    const abort = (cause: AbortCause) => {
      if (!abortCause) {
        abortCause = cause;
        controller.abort(new Error(`fetch ${cause}`));
      }
    };
    const timer = setTimeout(() => abort('timeout'), this.#timeoutMs);
    const onCallerAbort = () => abort('caller');
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const abortedReason = (cause: AbortCause) =>
      cause === 'timeout'
        ? `timed out after ${formatDuration(this.#timeoutMs)}`
        : 'scrape aborted';

    let release: (() => void) | undefined;
    try {
      release = await this.#slots.acquire(controller.signal);
      // A keep-alive connection can be closed by the server just as we send
      // on it (its idle timeout racing our schedule). Nothing was answered,
      // and a GET is idempotent, so one retry on a fresh connection is safe.
      for (let attempt = 1; ; attempt++) {
        const result = await this.#attempt(target, controller.signal);
        // An outcome is a decision made from the response (a status, a size)
        // and stands even if the clock ran out while draining a body.
        if ('outcome' in result) {
          return finish(result.outcome);
        }
        if (abortCause) {
          return finish({
            ok: false,
            reason: abortedReason(abortCause),
            ...(result.bytes ? { bytes: result.bytes } : {}),
          });
        }
        if (
          attempt === 1 &&
          result.beforeResponse &&
          isStaleSocket(result.error)
        ) {
          continue;
        }
        return finish({
          ok: false,
          reason: describeError(result.error, target, this.#timeoutMs),
          ...(result.bytes ? { bytes: result.bytes } : {}),
        });
      }
    } catch (error) {
      // Only the slot wait can throw (when aborted while queued).
      return finish({
        ok: false,
        reason: abortCause
          ? abortedReason(abortCause)
          : describeError(error, target, this.#timeoutMs),
      });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      release?.();
    }
  }

  /** One request; reports errors instead of throwing them. */
  async #attempt(
    target: URL,
    signal: AbortSignal,
  ): Promise<
    | { outcome: Outcome }
    | { error: unknown; beforeResponse: boolean; bytes?: number }
  > {
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

    const { statusCode, headers, body } = response;
    if (statusCode >= 200 && statusCode < 300) {
      return this.#readBody(headers, body);
    }

    const status = statusLine(statusCode);
    const location = headerValue(headers.location);
    if (statusCode >= 300 && statusCode < 400 && location !== undefined) {
      // Never followed: the target URL was vetted by the outbound policy and
      // a redirect would take us somewhere that was not. Drain a little so a
      // short body keeps the connection reusable, then let go.
      await body
        .dump({ limit: ERROR_BODY_PEEK_BYTES, signal })
        .catch(() => undefined);
      return {
        outcome: {
          ok: false,
          reason: `redirect to ${quoteLocation(
            location,
            target,
          )} refused (HTTP ${statusCode})`,
        },
      };
    }

    const quoted = await peekErrorBody(headers, body);
    return {
      outcome: { ok: false, reason: quoted ? `${status}: ${quoted}` : status },
    };
  }

  /** Reads a 2xx body within the size limit. */
  async #readBody(
    headers: Dispatcher.ResponseData['headers'],
    body: Dispatcher.ResponseData['body'],
  ): Promise<
    | { outcome: Outcome }
    | { error: unknown; beforeResponse: false; bytes?: number }
  > {
    const tooLarge = `response larger than ${formatBytes(this.#maxBodyBytes)}`;

    const declared = Number(headerValue(headers['content-length']));
    if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
      // Do not download what we are going to refuse.
      discard(body);
      return { outcome: { ok: false, reason: tooLarge } };
    }
    // We never ask for compression, so an encoded body would only fail
    // later as unreadable JSON; say what is actually wrong instead.
    const encoding = headerValue(headers['content-encoding'])?.trim();
    if (encoding && encoding.toLowerCase() !== 'identity') {
      discard(body);
      return {
        outcome: {
          ok: false,
          reason: `unsupported Content-Encoding ${quote(encoding)}`,
        },
      };
    }

    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > this.#maxBodyBytes) {
          // Destroying the body aborts the request and closes the socket,
          // so the server stops sending right away.
          discard(body);
          return { outcome: { ok: false, reason: tooLarge, bytes } };
        }
        chunks.push(chunk);
        hash.update(chunk);
      }
    } catch (error) {
      return { error, beforeResponse: false, bytes };
    }
    return {
      outcome: { ok: true, chunks, bytes, digest: hash.digest('hex') },
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

/**
 * Builds the connector: undici's own, with the lookup hook, plus a lookup of
 * IP-literal hosts, which `net.connect` would connect to without asking.
 */
function createConnector(
  timeoutMs: number,
  lookup: LookupFunction | undefined,
): buildConnector.connector {
  const connect = buildConnector({
    timeout: timeoutMs,
    ...(lookup ? { lookup } : {}),
  });
  if (!lookup) {
    return connect;
  }
  return (options, callback) => {
    // URL hosts keep IPv6 literals in brackets: `[::1]`
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!isIP(host)) {
      connect(options, callback);
      return;
    }
    lookup(host, { all: true }, error => {
      if (error) {
        callback(error, null);
      } else {
        connect(options, callback);
      }
    });
  };
}

/**
 * Reads the start of an error response to quote it, only for plain text and
 * JSON: an HTML error page would not make a readable one-line reason.
 */
async function peekErrorBody(
  headers: Dispatcher.ResponseData['headers'],
  body: Dispatcher.ResponseData['body'],
): Promise<string | undefined> {
  const type = headerValue(headers['content-type']) ?? '';
  if (
    !/^\s*(?:text\/plain|application\/(?:[\w.-]+\+)?json)\s*(?:;|$)/i.test(type)
  ) {
    discard(body);
    return undefined;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= ERROR_BODY_PEEK_BYTES) {
        break; // leaving the loop destroys the body
      }
    }
  } catch {
    // The status alone is the reason; a body cut short is not worth more.
  }
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks, bytes));
  const line = oneLine(text);
  return line ? truncate(line, ERROR_BODY_QUOTE_CHARS) : undefined;
}

/** `HTTP 503 Service Unavailable`, or `HTTP 599` for unregistered codes. */
function statusLine(statusCode: number): string {
  const text = STATUS_CODES[statusCode];
  return text ? `HTTP ${statusCode} ${text}` : `HTTP ${statusCode}`;
}

/** Absolute form of a `Location`, so the reason says where it pointed. */
function quoteLocation(location: string, base: URL): string {
  let absolute: string;
  try {
    absolute = new URL(location, base).href;
  } catch {
    absolute = location;
  }
  return truncate(oneLine(absolute), 200) || '""';
}

/**
 * Abandons a response body. undici reports the abort as an `error` event on
 * the stream, which would be unhandled with nobody left reading it.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * True for a connection closed or reset before anything was answered: what a
 * keep-alive socket closed by the server at the moment we reuse it looks like.
 */
function isStaleSocket(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

interface NetError extends Error {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  reason?: string;
  errors?: unknown[];
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NetError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** OpenSSL certificate verification codes, as Node reports them. */
const TLS_VERIFY_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
]);

/**
 * Turns a network error into a short sentence for the target's health.
 * Errors without a known code (notably the outbound policy's refusal from
 * the lookup hook) keep their own message.
 */
function describeError(error: unknown, target: URL, timeoutMs: number): string {
  const err = (error ?? {}) as NetError;
  const code = errorCode(err) ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${endpoints(err, target)})`;
    case 'ENOTFOUND':
      return `host not found: ${err.hostname ?? target.hostname}`;
    case 'EAI_AGAIN':
      return `DNS lookup failed (try again later): ${
        err.hostname ?? target.hostname
      }`;
    case 'ECONNRESET':
      return 'connection reset';
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'connection closed by the server';
    case 'ETIMEDOUT':
      return `connection timed out (${endpoints(err, target)})`;
    case 'EHOSTUNREACH':
      return `host unreachable (${endpoints(err, target)})`;
    case 'ENETUNREACH':
      return `network unreachable (${endpoints(err, target)})`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out after ${formatDuration(timeoutMs)}`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'response headers too large';
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return 'fetcher closed';
    default:
  }
  if (code.startsWith('HPE_') || err.name === 'HTTPParserError') {
    return `invalid HTTP response: ${truncate(
      oneLine(err.reason ?? err.message ?? code),
      200,
    )}`;
  }
  if (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    TLS_VERIFY_CODES.has(code)
  ) {
    // OpenSSL's `message` carries its internal error stack; `reason` is the
    // readable part ("wrong version number").
    return `TLS error: ${truncate(
      oneLine(err.reason ?? err.message ?? code),
      200,
    )}`;
  }
  // Several addresses tried (happy eyeballs) and all failed the same way.
  if (Array.isArray(err.errors) && err.errors.length > 0) {
    const first = describeError(err.errors[0], target, timeoutMs);
    if (code && errorCode(err.errors[0]) === code) {
      return first.replace(/\(.*\)$/, `(${endpoints(err, target)})`);
    }
    return first;
  }
  const message = oneLine(err.message ?? '');
  if (message) {
    return truncate(message, 300);
  }
  return code ? `request failed (${code})` : 'request failed';
}

/** `127.0.0.1:9113`, `[::1]:9113`, or every address tried, from an error. */
function endpoints(err: NetError, target: URL): string {
  const list = (Array.isArray(err.errors) ? err.errors : [err])
    .map(e => e as NetError)
    .filter(e => typeof e.address === 'string')
    .map(e => {
      const host = isIP(e.address!) === 6 ? `[${e.address}]` : e.address;
      return e.port === undefined ? host : `${host}:${e.port}`;
    });
  if (list.length > 0) {
    return [...new Set(list)].join(', ');
  }
  return target.host;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function quote(text: string): string {
  return JSON.stringify(truncate(text, 200));
}
