import type {
  DnsATargetSpec,
  DnsSrvTargetSpec,
  TargetSpec,
} from '@periskop-backstage/plugin-periskop-common';
import { withTimeout } from '../concurrency/Deadline';
import type { DnsResolver, SrvRecord } from './DnsResolver';
import { formatHostPort, normaliseHostname } from './hostNames';
import { formatTargetSpec } from './formatTargetSpec';
import { compareIpAddresses } from './ipAddress';
import type { OutboundPolicy, PolicyDecision } from './OutboundPolicy';
import { targetId } from './targetId';
import type { ScrapeTarget } from './types';

/** What one annotation entry turned into. */
export interface Expansion {
  targets: ScrapeTarget[];
  /** Problems with the entry that do not stop its other targets. */
  problems: string[];
}

/** What an expansion needs besides the entry. */
export interface ExpansionContext {
  dns: DnsResolver;
  policy: OutboundPolicy;
  /** Upper bound for one DNS lookup in milliseconds. */
  dnsTimeoutMs: number;
  /** Records of one DNS name that become targets (`periskop.discovery.maxRecordsPerName`). */
  maxRecordsPerName: number;
  signal?: AbortSignal;
}

/**
 * Expands one annotation entry of one entity into scrape targets:
 *
 * - `http(s)://` entries are one target each, checked with
 *   {@link OutboundPolicy.checkHost};
 * - `dns+a://host:port/path` becomes one `http://<ip>:<port><path>` target
 *   per A/AAAA address, each checked with {@link OutboundPolicy.checkAddress};
 * - `dns+srv://name/path` becomes one `http://<target>:<port><path>` target
 *   per SRV record, checked with {@link OutboundPolicy.checkHost} (the target
 *   name is resolved, and checked again, when it is fetched).
 *
 * A blocked target is kept with the reason; a DNS entry that cannot be
 * resolved is one unavailable target whose URL is the entry itself, so the
 * entity's health says why nothing is scraped. A name with more than
 * `maxRecordsPerName` records gives targets for the first ones (in address
 * or SRV preference order) and an unavailable target named by the entry
 * that says how many were left out. Rejects only when `signal` aborts.
 */
export async function expandTargetSpec(
  entityRef: string,
  spec: TargetSpec,
  context: ExpansionContext,
): Promise<Expansion> {
  switch (spec.type) {
    case 'http':
      return {
        targets: [
          target(
            entityRef,
            spec.url,
            spec.url,
            context.policy.checkHost(new URL(spec.url).hostname),
          ),
        ],
        problems: [],
      };
    case 'dns+a':
      return expandDnsA(entityRef, spec, context);
    default:
      return expandDnsSrv(entityRef, spec, context);
  }
}

async function expandDnsA(
  entityRef: string,
  spec: DnsATargetSpec,
  context: ExpansionContext,
): Promise<Expansion> {
  const { dns, policy } = context;
  const source = formatTargetSpec(spec);

  // Names the policy rejects outright are not even looked up.
  const hostDecision = policy.checkHost(spec.host);
  if (!hostDecision.allowed) {
    return unavailable(entityRef, source, hostDecision.reason);
  }

  const what = `DNS lookup of ${spec.host}`;
  const found = await lookUp(dns.resolveAddresses(spec.host), what, context);
  if ('reason' in found) {
    return unavailable(entityRef, source, found.reason);
  }
  const addresses = found.value;
  if (addresses.length === 0) {
    return unavailable(entityRef, source, `${what} failed: ENODATA`);
  }

  const sorted = [...new Set(addresses)].sort(compareIpAddresses);
  const targets = sorted
    .slice(0, context.maxRecordsPerName)
    .map(ip =>
      target(
        entityRef,
        new URL(`http://${formatHostPort(ip, spec.port)}${spec.path}`).href,
        source,
        policy.checkAddress(spec.host, ip),
      ),
    );
  return withRecordLimit(entityRef, source, {
    found: `${what} found ${sorted.length} addresses`,
    total: sorted.length,
    limit: context.maxRecordsPerName,
    targets,
  });
}

/**
 * Adds the unavailable target (named by the entry) and the problem that
 * say a DNS name had more records than `periskop.discovery.maxRecordsPerName`.
 */
function withRecordLimit(
  entityRef: string,
  source: string,
  options: {
    found: string;
    total: number;
    limit: number;
    targets: ScrapeTarget[];
    problems?: string[];
  },
): Expansion {
  const { found, total, limit, targets, problems = [] } = options;
  if (total <= limit) {
    return { targets, problems };
  }
  const reason = `periskop.discovery.maxRecordsPerName is ${limit}: ${found}, the last ${
    total - limit
  } are not scraped`;
  return {
    targets: [
      ...targets,
      target(entityRef, source, source, { allowed: false, reason }),
    ],
    problems: [...problems, `${source}: ${reason}`],
  };
}

async function expandDnsSrv(
  entityRef: string,
  spec: DnsSrvTargetSpec,
  context: ExpansionContext,
): Promise<Expansion> {
  const source = formatTargetSpec(spec);

  const found = await lookUp(
    context.dns.resolveSrv(spec.name),
    `DNS SRV lookup of ${spec.name}`,
    context,
  );
  if ('reason' in found) {
    return unavailable(entityRef, source, found.reason);
  }

  const usable = usableSrvRecords(found.value);
  if (usable.length === 0) {
    return unavailable(
      entityRef,
      source,
      `DNS SRV lookup of ${spec.name} found no usable records (target "." or port 0)`,
    );
  }
  const problems: string[] = [];
  const targets: ScrapeTarget[] = [];
  for (const record of usable.slice(0, context.maxRecordsPerName)) {
    let url: URL;
    try {
      url = new URL(
        `http://${formatHostPort(record.name, record.port)}${spec.path}`,
      );
    } catch {
      problems.push(
        `${source}: the SRV record target ${JSON.stringify(
          record.name,
        )} is not a valid host name`,
      );
      continue;
    }
    targets.push(
      target(
        entityRef,
        url.href,
        source,
        context.policy.checkHost(url.hostname),
      ),
    );
  }
  if (targets.length === 0) {
    return {
      ...unavailable(
        entityRef,
        source,
        `DNS SRV lookup of ${spec.name} found no usable records`,
      ),
      problems,
    };
  }
  return withRecordLimit(entityRef, source, {
    found: `DNS SRV lookup of ${spec.name} found ${usable.length} usable records`,
    total: usable.length,
    limit: context.maxRecordsPerName,
    targets,
    problems,
  });
}

/**
 * The records that name an instance, normalised and in the order of
 * RFC 2782 preference: priority, then higher weight first, then name and
 * port so the order is stable.
 */
export function usableSrvRecords(records: readonly SrvRecord[]): SrvRecord[] {
  return (
    records
      .map(record => ({
        ...record,
        name: normaliseHostname(record.name),
      }))
      // RFC 2782: a target of "." means the service is not available here.
      .filter(record => record.name !== '' && record.port > 0)
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          b.weight - a.weight ||
          (a.name < b.name ? -1 : Number(a.name > b.name)) ||
          a.port - b.port,
      )
  );
}

/**
 * Runs a lookup bounded by the discovery's own timeout (whatever the
 * resolver does) and by the abort signal. A failure becomes the reason of
 * the unavailable target: the resolver's own sentence (`DNS ... failed:
 * ...`) or one made up. Only an abort is thrown.
 */
async function lookUp<T>(
  lookup: Promise<T>,
  what: string,
  { dnsTimeoutMs, signal }: ExpansionContext,
): Promise<{ value: T } | { reason: string }> {
  try {
    return {
      value: await withTimeout(lookup, {
        timeoutMs: dnsTimeoutMs,
        timeoutError: () =>
          new Error(`${what} failed: timed out after ${dnsTimeoutMs} ms`),
        signal,
      }),
    };
  } catch (error) {
    signal?.throwIfAborted();
    const message = error instanceof Error ? error.message : String(error);
    return {
      reason: message.startsWith('DNS ')
        ? message
        : `${what} failed: ${message}`,
    };
  }
}

/** A target; one the policy refused (or nothing could be found for) is kept with the reason. */
function target(
  entityRef: string,
  url: string,
  source: string,
  decision: PolicyDecision,
): ScrapeTarget {
  return {
    id: targetId(entityRef, url),
    entityRef,
    url,
    source,
    ...(!decision.allowed && decision.reason
      ? { unavailableReason: decision.reason }
      : {}),
  };
}

/** The entry itself as one target that is not fetched, with the reason. */
function unavailable(
  entityRef: string,
  source: string,
  reason: string,
): Expansion {
  return {
    targets: [target(entityRef, source, source, { allowed: false, reason })],
    problems: [],
  };
}
