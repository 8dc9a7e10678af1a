import { networkInterfaces } from 'node:os';
import { normaliseHostname, stripBrackets } from './hostNames';
import {
  type IpAddress,
  type IpRange,
  isInRange,
  parseIpAddress,
  parseIpRange,
} from './ipAddress';
import type { PolicyDecision } from './OutboundPolicy';

/** Where this Backstage backend answers, from `backend.listen` and `backend.baseUrl`. */
export interface OwnBackendEndpointsOptions {
  /** `backend.listen.port`; 0 (a port chosen at start) disables that rule. */
  listenPort: number;
  /** `backend.listen.host`; empty for every interface. */
  listenHost?: string;
  /** `backend.baseUrl`. */
  baseUrl?: string;
  /** The addresses of this machine's interfaces; `os.networkInterfaces()` by default. */
  localAddresses?: () => string[];
}

const LOOPBACK: IpRange[] = ['127.0.0.0/8', '::1/128'].map(
  cidr => parseIpRange(cidr) as IpRange,
);

function systemAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap(list =>
    (list ?? []).map(info => info.address),
  );
}

/** Whether `text` is the same address (IPv4-mapped IPv6 is its IPv4 address). */
function sameAddress(address: IpAddress, text: string): boolean {
  const other = parseIpAddress(text);
  return other?.version === address.version && other.value === address.value;
}

const PREFIX = 'blocked by periskop.targets policy: ';

/**
 * Refuses connections that would reach this Backstage backend itself: an
 * annotation pointing at it would make the backend call its own API with
 * its own network position (and its answer would land in target health).
 * Two rules, both needing the port, so they apply at connect time:
 *
 * - the `backend.listen` port on a loopback address, on an address of one
 *   of this machine's interfaces or on `backend.listen.host`;
 * - the `backend.baseUrl` port on the baseUrl's host name or any address it
 *   resolves to (a proxy or ingress in front of the backend).
 *
 * Other ports on the same machine stay allowed: services next to the
 * backend (the demo's, a sidecar's) are legitimate targets. Pure but for
 * reading the interface addresses when the port is the listen port.
 */
export class OwnBackendEndpoints {
  readonly #listenPort: number;
  readonly #listenHost: string;
  readonly #base: { host: string; port: number; origin: string } | undefined;
  readonly #localAddresses: () => string[];

  constructor(options: OwnBackendEndpointsOptions) {
    this.#listenPort = options.listenPort;
    this.#listenHost = options.listenHost ?? '';
    this.#localAddresses = options.localAddresses ?? systemAddresses;
    if (options.baseUrl) {
      const url = new URL(options.baseUrl);
      const defaultPort = url.protocol === 'https:' ? 443 : 80;
      this.#base = {
        host: normaliseHostname(stripBrackets(url.hostname)),
        port: url.port ? Number(url.port) : defaultPort,
        origin: url.origin,
      };
    }
  }

  /**
   * The host name of `backend.baseUrl` when a connection to `port` must be
   * compared with its addresses (the caller resolves it); undefined when
   * the port is another one or the host is an IP literal.
   */
  baseUrlHostToResolve(port: number): string | undefined {
    if (!this.#base || this.#base.port !== port) {
      return undefined;
    }
    return parseIpAddress(this.#base.host) ? undefined : this.#base.host;
  }

  /**
   * Whether connecting to `ip:port`, resolved from `hostname` (or the same
   * IP literal), reaches this backend.
   *
   * @param baseUrlAddresses - what {@link OwnBackendEndpoints.baseUrlHostToResolve} resolved to
   */
  check(
    hostname: string,
    ip: string,
    port: number,
    baseUrlAddresses: readonly string[] = [],
  ): PolicyDecision {
    const address = parseIpAddress(ip);
    if (!address) {
      return { allowed: true };
    }
    const hostIp = parseIpAddress(hostname);
    const host = hostIp ? hostIp.text : normaliseHostname(hostname);
    const subject =
      host === address.text
        ? `${host} port ${port}`
        : `${host} (${address.text}) port ${port}`;

    if (this.#listenPort > 0 && port === this.#listenPort) {
      const local =
        LOOPBACK.some(range => isInRange(address, range)) ||
        sameAddress(address, this.#listenHost) ||
        this.#localAddresses().some(a => sameAddress(address, a));
      if (local) {
        return {
          allowed: false,
          reason: `${PREFIX}${subject} is this Backstage backend (backend.listen port ${port})`,
        };
      }
    }
    const base = this.#base;
    if (base && port === base.port) {
      const same =
        host === base.host ||
        sameAddress(address, base.host) ||
        baseUrlAddresses.some(a => sameAddress(address, a));
      if (same) {
        return {
          allowed: false,
          reason: `${PREFIX}${subject} is this Backstage backend (backend.baseUrl ${base.origin})`,
        };
      }
    }
    return { allowed: true };
  }
}
