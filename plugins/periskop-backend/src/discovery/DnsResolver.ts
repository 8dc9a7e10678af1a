import { lookup, Resolver } from 'node:dns/promises';
import { withTimeout } from '../concurrency/Deadline';
import { normaliseHostname } from './hostNames';

/** One SRV record: an instance at `name:port`. */
export interface SrvRecord {
  /** The target host name, lower case, without a trailing dot. */
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/**
 * The DNS lookups of target discovery. Implementations reject with an
 * `Error` whose message is a sentence fit for target health, e.g.
 * `DNS lookup of api.svc failed: ENOTFOUND` (see {@link DnsLookupError}).
 */
export interface DnsResolver {
  /** The A and AAAA addresses of `host`, deduplicated; never empty. */
  resolveAddresses(host: string): Promise<string[]>;
  /** The SRV records of `name`; never empty. */
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

/**
 * A failed DNS lookup, with a human message such as
 * `DNS lookup of api.svc failed: ENOTFOUND`.
 */
export class DnsLookupError extends Error {
  /** The DNS error code (`ENOTFOUND`, `ENODATA`, `ETIMEOUT`, ...), when known. */
  readonly code?: string;
  readonly host: string;

  constructor(message: string, host: string, code?: string) {
    super(message);
    this.name = 'DnsLookupError';
    this.host = host;
    this.code = code;
  }
}

/** Upper bound for one lookup of {@link NodeDnsResolver}, retries included. */
export const DEFAULT_DNS_LOOKUP_TIMEOUT_MS = 5000;

/** Attempts per DNS query of {@link NodeDnsResolver} before giving up. */
export const DEFAULT_DNS_TRIES = 2;

/** Options of {@link NodeDnsResolver}. */
export interface NodeDnsResolverOptions {
  /**
   * Upper bound for one lookup in milliseconds, retries included.
   * Default {@link DEFAULT_DNS_LOOKUP_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /** Attempts per DNS query before giving up (1 to 5). Default {@link DEFAULT_DNS_TRIES}. */
  tries?: number;
  /**
   * DNS servers (`ip`, `ip:port`, `[ip6]:port`) instead of the system's.
   * With servers, names they do not know are not looked up with the
   * operating system resolver either.
   */
  servers?: string[];
}

/** Codes meaning "no such name or no such record", as opposed to "DNS broken". */
const NO_ANSWER = new Set(['ENOTFOUND', 'ENODATA']);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code !== '') {
    return code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** `<what> failed: <detail>`, the detail being the code unless given. */
function lookupFailed(
  what: string,
  host: string,
  code: string,
  detail: string = code,
): DnsLookupError {
  return new DnsLookupError(`${what} failed: ${detail}`, host, code);
}

/**
 * {@link DnsResolver} on Node's `node:dns/promises`.
 *
 * Addresses are queried as A and AAAA records in parallel through a
 * `Resolver` (c-ares, with a timeout); a missing family (`ENODATA`) is fine.
 * When both queries find nothing (`ENOTFOUND`/`ENODATA`), the name is looked
 * up once more with the operating system resolver (`getaddrinfo`), so
 * `localhost`, `/etc/hosts` entries and search-domain short names (as in
 * Kubernetes: `api.prod`) work too. SRV records come from the `Resolver` only.
 *
 * With configured `servers` there is no such fallback: the operator chose
 * which servers answer for discovery, and `getaddrinfo` would ask
 * `/etc/hosts` and the system's resolvers instead, so the answer would
 * depend on the machine the backend runs on.
 */
export class NodeDnsResolver implements DnsResolver {
  readonly #resolver: Resolver;
  readonly #timeoutMs: number;
  readonly #systemFallback: boolean;

  constructor(options: NodeDnsResolverOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_DNS_LOOKUP_TIMEOUT_MS;
    const tries = Math.max(1, Math.min(options.tries ?? DEFAULT_DNS_TRIES, 5));
    // c-ares doubles the timeout on every retry: T + 2T + 4T + ...
    this.#resolver = new Resolver({
      timeout: Math.max(1, Math.floor(this.#timeoutMs / (2 ** tries - 1))),
      tries,
    });
    this.#systemFallback = !options.servers?.length;
    if (options.servers?.length) {
      this.#resolver.setServers(options.servers);
    }
  }

  async resolveAddresses(host: string): Promise<string[]> {
    const name = normaliseHostname(host);
    const what = `DNS lookup of ${name}`;
    return this.#withTimeout(what, name, async () => {
      const [v4, v6] = await Promise.allSettled([
        this.#resolver.resolve4(name),
        this.#resolver.resolve6(name),
      ]);
      const addresses = [
        ...(v4.status === 'fulfilled' ? v4.value : []),
        ...(v6.status === 'fulfilled' ? v6.value : []),
      ];
      if (addresses.length > 0) {
        return [...new Set(addresses)];
      }
      const codes = [v4, v6].map(result =>
        result.status === 'rejected' ? codeOf(result.reason) : 'ENODATA',
      );
      if (!codes.every(code => NO_ANSWER.has(code))) {
        // DNS itself failed (timeout, refused, SERVFAIL): say so.
        throw lookupFailed(what, name, codes.find(c => !NO_ANSWER.has(c))!);
      }
      if (!this.#systemFallback) {
        throw lookupFailed(
          what,
          name,
          codes.includes('ENOTFOUND') ? 'ENOTFOUND' : 'ENODATA',
        );
      }
      let found: Array<{ address: string }>;
      try {
        found = await lookup(name, { all: true });
      } catch (error) {
        throw lookupFailed(what, name, codeOf(error));
      }
      if (found.length === 0) {
        throw lookupFailed(what, name, 'ENOTFOUND');
      }
      return [...new Set(found.map(a => a.address))];
    });
  }

  async resolveSrv(name: string): Promise<SrvRecord[]> {
    const srvName = normaliseHostname(name);
    const what = `DNS SRV lookup of ${srvName}`;
    return this.#withTimeout(what, srvName, async () => {
      let records: Awaited<ReturnType<Resolver['resolveSrv']>>;
      try {
        records = await this.#resolver.resolveSrv(srvName);
      } catch (error) {
        throw lookupFailed(what, srvName, codeOf(error));
      }
      if (records.length === 0) {
        throw lookupFailed(what, srvName, 'ENODATA');
      }
      return records.map(record => ({
        name: normaliseHostname(record.name),
        port: record.port,
        priority: record.priority,
        weight: record.weight,
      }));
    });
  }

  /** Bounds a lookup, c-ares retries and the `getaddrinfo` fallback included. */
  #withTimeout<T>(
    what: string,
    host: string,
    run: () => Promise<T>,
  ): Promise<T> {
    return withTimeout(run(), {
      timeoutMs: this.#timeoutMs,
      timeoutError: () =>
        lookupFailed(
          what,
          host,
          'ETIMEOUT',
          `timed out after ${this.#timeoutMs} ms`,
        ),
    });
  }
}
