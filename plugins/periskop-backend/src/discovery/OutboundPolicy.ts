import type { Config } from '@backstage/config';
import { embeddedIpv4Addresses } from './embeddedIpv4';
import { compileHostGlob, HostGlob } from './hostGlob';
import { normaliseHostname } from './hostNames';
import {
  IpAddress,
  IpRange,
  isInRange,
  parseIpAddress,
  parseIpRange,
} from './ipAddress';

/**
 * The entries of the `periskop.targets` configuration: host globs
 * (`*.svc.cluster.local`, `localhost`, `api-*.example.com`), IP addresses
 * (`127.0.0.1`, `::1`) and CIDRs (`10.0.0.0/8`, `fd00::/8`).
 */
export interface OutboundPolicyOptions {
  /** When non-empty, only these hosts and addresses may be fetched. */
  allow?: string[];
  /** Never fetched, even when also allowed. */
  deny?: string[];
}

/** The verdict of {@link OutboundPolicy.checkHost} and {@link OutboundPolicy.checkAddress}. */
export type PolicyDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** A sentence for target health and logs, starting with `blocked by periskop.targets policy: `. */
      reason: string;
    };

interface CompiledEntries {
  globs: HostGlob[];
  ranges: Array<{ entry: string; range: IpRange }>;
}

interface BuiltInRange {
  range: IpRange;
  description: string;
}

function builtInRange(cidr: string, description: string): BuiltInRange {
  const range = parseIpRange(cidr);
  if (typeof range === 'string') {
    throw new Error(`Invalid built-in range ${cidr}: ${range}`);
  }
  return { range, description };
}

/**
 * Addresses that are never fetched, whatever the configuration says.
 * Anyone who can register a catalog entity chooses the URLs the backend
 * fetches, so these must not be reachable through an annotation: they are
 * where cloud instance metadata services (credentials!) answer, or they
 * mean "this machine" without saying so. IPv6 forms that embed an IPv4
 * address (NAT64, IPv4-mapped, IPv4-compatible) are judged as that address
 * too (see `embeddedIpv4Addresses`).
 */
const BUILT_IN_DENIED_RANGES: BuiltInRange[] = [
  // Link-local; AWS, GCP, Azure, OCI, DigitalOcean, OpenStack metadata at
  // 169.254.169.254, ECS task metadata at 169.254.170.2, Tencent Cloud at
  // 169.254.0.23.
  builtInRange('169.254.0.0/16', 'is a link-local address'),
  builtInRange('fe80::/10', 'is an IPv6 link-local address'),
  builtInRange(
    'fd00:ec2::254/128',
    'is the AWS instance metadata service (IPv6)',
  ),
  builtInRange('fd20:ce::254/128', 'is the GCP metadata server (IPv6)'),
  builtInRange('100.100.100.200/32', 'is the Alibaba Cloud metadata service'),
  builtInRange('168.63.129.16/32', 'is the Azure WireServer'),
  builtInRange('192.0.0.192/32', 'is the Oracle Cloud metadata service'),
  // "This network": Linux connects 0.0.0.0 to the local host, which makes
  // it a way around a deny of 127.0.0.1 and a way to reach the backend.
  builtInRange('0.0.0.0/8', 'is an unspecified ("this network") address'),
  builtInRange('::/128', 'is the unspecified IPv6 address'),
];

/**
 * Host names that are never fetched (see {@link BUILT_IN_DENIED_RANGES}).
 * Their addresses are denied anyway; the names are refused before any
 * lookup. Single-label aliases such as `metadata` or `instance-data` are
 * left out: a Kubernetes service may well be called `metadata`, and on the
 * clouds that define them they resolve to a denied address.
 */
const BUILT_IN_DENIED_HOSTS = new Map<string, string>([
  ['metadata.google.internal', 'is the GCP instance metadata service'],
  ['metadata.goog', 'is the GCP instance metadata service'],
  ['instance-data.ec2.internal', 'is the AWS instance metadata service'],
  ['metadata.tencentyun.com', 'is the Tencent Cloud metadata service'],
]);

const PREFIX = 'blocked by periskop.targets policy: ';

function blocked(reason: string): PolicyDecision {
  return { allowed: false, reason: `${PREFIX}${reason}` };
}

function compileEntries(
  entries: readonly string[] | undefined,
  key: string,
): CompiledEntries {
  const compiled: CompiledEntries = { globs: [], ranges: [] };
  (entries ?? []).forEach((raw, index) => {
    const name = `${key}[${index}]`;
    if (typeof raw !== 'string') {
      throw new Error(`Invalid ${name}: it must be a string`);
    }
    const entry = raw.trim();
    const problem = (message: string) =>
      new Error(`Invalid ${name} entry ${JSON.stringify(raw)}: ${message}`);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      throw problem('write only the host, without scheme, port or path');
    }
    if (entry.includes('/') || parseIpAddress(entry)) {
      const range = parseIpRange(entry);
      if (typeof range === 'string') {
        throw problem(range);
      }
      compiled.ranges.push({ entry, range });
      return;
    }
    if (entry.includes(':')) {
      throw problem(
        'it is not a valid IP address; host patterns take no port or scheme',
      );
    }
    const glob = compileHostGlob(entry);
    if (typeof glob === 'string') {
      throw problem(glob);
    }
    compiled.globs.push(glob);
  });
  return compiled;
}

/**
 * Decides which hosts and addresses the backend may fetch scrape targets
 * from (`periskop.targets.allow` / `periskop.targets.deny`). Pure: no I/O.
 *
 * Rules, in order:
 *
 * 1. Always denied, and no `allow` entry changes that: 169.254.0.0/16
 *    (link-local, where the AWS/GCP/Azure metadata service 169.254.169.254
 *    answers), fe80::/10 (IPv6 link-local), fd00:ec2::254 and fd20:ce::254
 *    (AWS and GCP metadata over IPv6), 100.100.100.200 (Alibaba Cloud),
 *    168.63.129.16 (Azure WireServer), 192.0.0.192 (Oracle Cloud),
 *    0.0.0.0/8 and `::` (unspecified: the local host), and the metadata
 *    host names (`metadata.google.internal`, `metadata.goog`,
 *    `instance-data.ec2.internal`, `metadata.tencentyun.com`). IPv4-mapped
 *    (`::ffff:169.254.169.254`), NAT64 (`64:ff9b::a9fe:a9fe`, and the
 *    local-use `64:ff9b:1::/48`), IPv4-translated and IPv4-compatible IPv6
 *    addresses are also judged as the IPv4 address they embed, by these
 *    rules and by `deny`. The reason: anyone who can register a catalog
 *    entity chooses the URLs.
 * 2. `deny` entries: a host matching a deny glob, or an address inside a
 *    deny CIDR, is blocked.
 * 3. With an empty `allow` list everything else is allowed. With a non-empty
 *    one, a host name must match an allow glob, or resolve (checked at
 *    connect time with {@link OutboundPolicy.checkAddress}) to an address in
 *    an allow CIDR; an IP literal must be inside an allow CIDR or address.
 *
 * Globs: see `compileHostGlob`; a leading `*.` matches one or more labels
 * (`*.example.com` matches `a.example.com` and `a.b.example.com`, not
 * `example.com`), any other `*` stays within one label. Globs never match IP
 * literals.
 */
export class OutboundPolicy {
  readonly #allow: CompiledEntries;
  readonly #deny: CompiledEntries;

  /**
   * Reads `periskop.targets.allow` and `periskop.targets.deny` (both
   * optional string arrays).
   *
   * @throws Error naming the first invalid entry
   */
  static fromConfig(config: Config): OutboundPolicy {
    return new OutboundPolicy({
      allow: config.getOptionalStringArray('periskop.targets.allow'),
      deny: config.getOptionalStringArray('periskop.targets.deny'),
    });
  }

  /**
   * @throws Error naming the first invalid entry, e.g.
   *   `Invalid periskop.targets.allow[0] entry "10.0.0.0/33": the prefix length must be 0 to 32`
   */
  constructor(options: OutboundPolicyOptions = {}) {
    this.#allow = compileEntries(options.allow, 'periskop.targets.allow');
    this.#deny = compileEntries(options.deny, 'periskop.targets.deny');
  }

  /** Whether an allow list is configured (only matching targets are fetched). */
  get hasAllowList(): boolean {
    return this.#allow.globs.length > 0 || this.#allow.ranges.length > 0;
  }

  /**
   * Checks a host before any name resolution: a host name (`api.svc`) or
   * an IP literal (`10.0.0.1`, `[::1]` or `::1`), e.g. `URL.hostname`.
   *
   * A host name that matches no allow glob is still allowed here when the
   * allow list has CIDRs, because its addresses may fall inside one; that is
   * decided at connect time by {@link OutboundPolicy.checkAddress} (through
   * `createPolicyLookup`).
   */
  checkHost(hostname: string): PolicyDecision {
    const ip = parseIpAddress(hostname);
    if (ip) {
      return this.#checkIp(ip, ip.text, true);
    }
    const host = normaliseHostname(hostname);
    const denied = this.#checkHostDenied(host);
    if (denied) {
      return denied;
    }
    if (
      !this.hasAllowList ||
      this.#allow.globs.some(glob => glob.matches(host)) ||
      this.#allow.ranges.length > 0
    ) {
      return { allowed: true };
    }
    return blocked(`${host} is not in periskop.targets.allow`);
  }

  /**
   * Checks an address about to be connected to, with the host name it was
   * resolved from (or the same IP literal). Both the name and the address
   * must pass the deny rules; with an allow list, the name must match an
   * allow glob or the address must be inside an allow CIDR.
   */
  checkAddress(hostname: string, ip: string): PolicyDecision {
    return this.#checkResolved(hostname, ip, true);
  }

  /**
   * Like {@link OutboundPolicy.checkAddress}, but only the deny rules (the
   * built-in ones and `periskop.targets.deny`): no allow list. For
   * connections to IP literal URLs, which discovery produced and already
   * checked against the allow list; a `dns+a` target's address, for
   * example, may be allowed only through its DNS name, which the connection
   * no longer knows.
   */
  checkDenied(hostname: string, ip: string): PolicyDecision {
    return this.#checkResolved(hostname, ip, false);
  }

  #checkResolved(
    hostname: string,
    ip: string,
    applyAllowList: boolean,
  ): PolicyDecision {
    const address = parseIpAddress(ip);
    if (!address) {
      return blocked(`${ip} (from ${hostname}) is not an IP address`);
    }
    const hostIp = parseIpAddress(hostname);
    const host = hostIp ? hostIp.text : normaliseHostname(hostname);
    const subject = host === address.text ? host : `${host} (${address.text})`;

    if (!hostIp) {
      const denied = this.#checkHostDenied(host);
      if (denied) {
        return denied;
      }
      const allowedByName = this.#allow.globs.some(glob => glob.matches(host));
      return this.#checkIp(address, subject, applyAllowList && !allowedByName);
    }
    return this.#checkIp(address, subject, applyAllowList);
  }

  #checkHostDenied(host: string): PolicyDecision | undefined {
    const builtIn = BUILT_IN_DENIED_HOSTS.get(host);
    if (builtIn) {
      return blocked(`${host} ${builtIn}`);
    }
    const glob = this.#deny.globs.find(g => g.matches(host));
    if (glob) {
      return blocked(
        `${host} matches periskop.targets.deny entry ${JSON.stringify(
          glob.entry,
        )}`,
      );
    }
    return undefined;
  }

  #checkIpDenied(ip: IpAddress, subject: string): PolicyDecision | undefined {
    const builtIn = BUILT_IN_DENIED_RANGES.find(r => isInRange(ip, r.range));
    if (builtIn) {
      return blocked(`${subject} ${builtIn.description}`);
    }
    const deny = this.#deny.ranges.find(r => isInRange(ip, r.range));
    if (deny) {
      return blocked(
        `${subject} matches periskop.targets.deny entry ${JSON.stringify(
          deny.entry,
        )}`,
      );
    }
    return undefined;
  }

  #checkIp(
    ip: IpAddress,
    subject: string,
    applyAllowList: boolean,
  ): PolicyDecision {
    // The address itself, then every IPv4 address it stands for.
    const candidates = [
      { address: ip, subject },
      ...embeddedIpv4Addresses(ip).map(embedded => ({
        address: embedded.address,
        subject: `${subject}, the ${embedded.form} form of ${embedded.address.text},`,
      })),
    ];
    for (const candidate of candidates) {
      const denied = this.#checkIpDenied(candidate.address, candidate.subject);
      if (denied) {
        return denied;
      }
    }
    if (
      applyAllowList &&
      this.hasAllowList &&
      !this.#allow.ranges.some(r => isInRange(ip, r.range))
    ) {
      return blocked(`${subject} is not in periskop.targets.allow`);
    }
    return { allowed: true };
  }
}
