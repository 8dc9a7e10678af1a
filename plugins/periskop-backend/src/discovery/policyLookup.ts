import * as dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { OutboundPolicy, PolicyDecision } from './OutboundPolicy';
import type { OwnBackendEndpoints } from './OwnBackendEndpoints';
import { stripBrackets } from './hostNames';

/** How long the addresses of `backend.baseUrl`'s host are reused by a policy lookup. */
export const BASE_URL_ADDRESSES_TTL_MS = 60_000;

/** The `code` of the error a policy lookup fails with when an address is blocked. */
export const POLICY_BLOCKED_CODE = 'EPERISKOPBLOCKED';

/**
 * The error of a lookup whose host resolved to an address the outbound
 * policy blocks. Its message is the policy's reason.
 */
export class PolicyBlockedError extends Error {
  readonly code = POLICY_BLOCKED_CODE;
  readonly hostname: string;
  /** The blocked address. */
  readonly address: string;

  constructor(reason: string, hostname: string, address: string) {
    super(reason);
    this.name = 'PolicyBlockedError';
    this.hostname = hostname;
    this.address = address;
  }
}

function toLookupOptions(
  options: dns.LookupOptions | number | undefined,
): dns.LookupOptions {
  if (typeof options === 'number') {
    return { family: options };
  }
  return options ?? {};
}

/** The port a lookup is for, to keep connections off this backend. */
export interface PolicyLookupConnection {
  port: number;
  ownBackend: OwnBackendEndpoints;
}

type Callback = Parameters<LookupFunction>[2];

/**
 * Wraps a `dns.lookup`-compatible function so that every address a host
 * name resolves to is checked with {@link OutboundPolicy.checkAddress}
 * before anything connects to it. Pass the result as `connect.lookup` of
 * the undici `Agent` (it ends up as the `lookup` option of `net.connect`):
 * the check then happens on the addresses actually connected to, which
 * defeats DNS rebinding.
 *
 * Callback style, like `dns.lookup`: honours `options.all` (an array of
 * `{ address, family }`) and its absence (the first address and its family),
 * a numeric `options` (the family) and a callback as second argument. If any
 * address is blocked, the lookup fails with a {@link PolicyBlockedError}
 * (`code` `EPERISKOPBLOCKED`, message = the policy's reason). Errors of the
 * base lookup are passed on unchanged.
 *
 * IP literal hosts (`10.0.0.1`, `[::1]`) are not resolved and only the deny
 * rules apply to them ({@link OutboundPolicy.checkDenied}): they come from
 * discovery, which applied the allow list (a `dns+a` target's address may be
 * allowed only by its DNS name, which is unknown here). `net.connect` itself
 * never calls `lookup` for IP literals; the fetcher calls this for them.
 *
 * With `connection`, the lookup is for connections to that port, and also
 * refuses addresses where this backend answers ({@link OwnBackendEndpoints});
 * when the port is the `backend.baseUrl` port, the baseUrl's host is
 * resolved with `baseLookup` to compare its addresses.
 *
 * @param policy - the outbound policy
 * @param baseLookup - the real resolver, `dns.lookup` by default
 * @param connection - the port connected to, and where this backend answers
 */
export function createPolicyLookup(
  policy: OutboundPolicy,
  baseLookup: LookupFunction = dns.lookup as LookupFunction,
  connection?: PolicyLookupConnection,
): LookupFunction {
  /** The first refusal among the addresses, or undefined. */
  function refusal(
    hostname: string,
    addresses: readonly string[],
    check: (ip: string) => PolicyDecision,
    baseUrlAddresses: readonly string[],
  ): PolicyBlockedError | undefined {
    for (const address of addresses) {
      let decision = check(address);
      if (decision.allowed && connection) {
        decision = connection.ownBackend.check(
          hostname,
          address,
          connection.port,
          baseUrlAddresses,
        );
      }
      if (!decision.allowed) {
        return new PolicyBlockedError(decision.reason, hostname, address);
      }
    }
    return undefined;
  }

  // a lookup per connection on the baseUrl's port (often 443, every HTTPS
  // target) would cost a resolver round trip each; the backend's own
  // addresses rarely change
  let baseUrlCache: { at: number; addresses: string[] } | undefined;

  /** The addresses of `backend.baseUrl`'s host when they matter for this port. */
  function withBaseUrlAddresses(then: (addresses: string[]) => void): void {
    const baseHost = connection?.ownBackend.baseUrlHostToResolve(
      connection.port,
    );
    if (!baseHost) {
      // Asynchronous, like dns.lookup: net.connect expects that.
      process.nextTick(() => then([]));
      return;
    }
    const now = Date.now();
    if (baseUrlCache && now - baseUrlCache.at < BASE_URL_ADDRESSES_TTL_MS) {
      const { addresses } = baseUrlCache;
      process.nextTick(() => then(addresses));
      return;
    }
    baseLookup(baseHost, { all: true }, (error, result) => {
      // Unresolvable: nothing to compare with; the name itself still is.
      const addresses =
        !error && Array.isArray(result) ? result.map(a => a.address) : [];
      baseUrlCache = { at: now, addresses };
      then(addresses);
    });
  }

  function policyLookup(
    hostname: string,
    optionsOrCallback: dns.LookupOptions | number | Callback | undefined,
    maybeCallback?: Callback,
  ): void {
    const callback =
      typeof optionsOrCallback === 'function'
        ? optionsOrCallback
        : maybeCallback;
    if (typeof callback !== 'function') {
      throw new TypeError('lookup: a callback is required');
    }
    const options = toLookupOptions(
      typeof optionsOrCallback === 'function' ? undefined : optionsOrCallback,
    );
    const wantsAll = options.all === true;
    const fail = (error: NodeJS.ErrnoException) =>
      callback(error, wantsAll ? [] : '', undefined);
    const answer = (addresses: dns.LookupAddress[]) => {
      if (wantsAll) {
        callback(null, addresses);
      } else {
        callback(null, addresses[0].address, addresses[0].family);
      }
    };

    const literal = stripBrackets(hostname);
    const family = isIP(literal);
    if (family !== 0) {
      // An IP literal URL: discovery applied the allow list already (a
      // dns+a address may be allowed only by its DNS name, unknown here).
      withBaseUrlAddresses(baseUrlAddresses => {
        const blocked = refusal(
          hostname,
          [literal],
          ip => policy.checkDenied(literal, ip),
          baseUrlAddresses,
        );
        if (blocked) {
          fail(blocked);
        } else {
          answer([{ address: literal, family }]);
        }
      });
      return;
    }

    baseLookup(
      hostname,
      { ...options, all: true },
      (error, result, resultFamily) => {
        if (error) {
          fail(error);
          return;
        }
        const addresses: dns.LookupAddress[] = Array.isArray(result)
          ? result
          : [{ address: result, family: resultFamily ?? 0 }];
        if (addresses.length === 0) {
          const notFound: NodeJS.ErrnoException = new Error(
            `getaddrinfo ENOTFOUND ${hostname}`,
          );
          notFound.code = 'ENOTFOUND';
          fail(notFound);
          return;
        }
        withBaseUrlAddresses(baseUrlAddresses => {
          const blocked = refusal(
            hostname,
            addresses.map(a => a.address),
            ip => policy.checkAddress(hostname, ip),
            baseUrlAddresses,
          );
          if (blocked) {
            fail(blocked);
          } else {
            answer(addresses);
          }
        });
      },
    );
  }
  return policyLookup as LookupFunction;
}
