import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseTargetsAnnotation,
  PERISKOP_TARGETS_ANNOTATION,
  type DnsATargetSpec,
  type DnsSrvTargetSpec,
  type TargetSpec,
} from '@periskop-backstage/plugin-periskop-common';
import type { DnsResolver } from './DnsResolver';
import { formatTargetSpec } from './formatTargetSpec';
import { parseIpAddress } from './ipAddress';
import { mapWithConcurrency } from '../concurrency/mapWithConcurrency';
import type { OutboundPolicy } from './OutboundPolicy';
import { targetId } from './targetId';
import type {
  DiscoveryProblem,
  DiscoveryResult,
  ScrapeTarget,
  TargetDiscovery,
} from './types';

/** Dependencies and tuning of {@link CatalogTargetDiscovery}. */
export interface CatalogTargetDiscoveryOptions {
  /** The catalog (`catalogServiceRef`). */
  catalog: CatalogService;
  /** For the plugin's own service credentials towards the catalog. */
  auth: AuthService;
  dns: DnsResolver;
  policy: OutboundPolicy;
  logger: LoggerService;
  /** DNS lookups in flight at most. Default 16. */
  dnsConcurrency?: number;
  /** Upper bound for one DNS lookup in milliseconds. Default 10000. */
  dnsTimeoutMs?: number;
  /** Entities per catalog page. Default 500. */
  pageSize?: number;
}

interface AnnotatedEntity {
  entityRef: string;
  annotation: string;
}

interface Job {
  entityRef: string;
  spec: TargetSpec;
}

interface Expansion {
  targets: ScrapeTarget[];
  problems: string[];
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/** `host:port` for a URL, with IPv6 addresses in brackets. */
function authority(host: string, port: number): string {
  return parseIpAddress(host)?.version === 6 || host.includes(':')
    ? `[${host}]:${port}`
    : `${host}:${port}`;
}

/** Orders IP addresses: IPv4 before IPv6, then numerically. */
function compareAddresses(a: string, b: string): number {
  const pa = parseIpAddress(a);
  const pb = parseIpAddress(b);
  if (!pa || !pb) {
    return a < b ? -1 : Number(a > b);
  }
  if (pa.version !== pb.version) {
    return pa.version - pb.version;
  }
  return pa.value < pb.value ? -1 : Number(pa.value > pb.value);
}

function messageOf(error: unknown, host: string, kind: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('DNS ')
    ? message
    : `${kind} of ${host} failed: ${message}`;
}

/**
 * Turns the catalog into scrape targets: every entity with the
 * `periskop.io/targets` annotation, each entry expanded through DNS.
 *
 * - `http(s)://` entries are one target each, checked with
 *   {@link OutboundPolicy.checkHost};
 * - `dns+a://host:port/path` becomes one `http://<ip>:<port><path>` target
 *   per A/AAAA address, each checked with {@link OutboundPolicy.checkAddress};
 * - `dns+srv://name/path` becomes one `http://<target>:<port><path>` target
 *   per SRV record, checked with {@link OutboundPolicy.checkHost} (the target
 *   name is resolved, and checked again, when it is fetched).
 *
 * Blocked targets and DNS entries that cannot be resolved are kept, with an
 * `unavailableReason`, so the health of the entity says why nothing is
 * scraped; an unresolvable DNS entry is one target whose URL is the entry.
 * Invalid annotation entries become problems; the valid entries of the same
 * entity still produce targets. Stateless: every call reads the catalog
 * anew, so removed entities and entries simply stop appearing.
 */
export class CatalogTargetDiscovery implements TargetDiscovery {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #dns: DnsResolver;
  readonly #policy: OutboundPolicy;
  readonly #logger: LoggerService;
  readonly #dnsConcurrency: number;
  readonly #dnsTimeoutMs: number;
  readonly #pageSize: number;

  constructor(options: CatalogTargetDiscoveryOptions) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#dns = options.dns;
    this.#policy = options.policy;
    this.#logger = options.logger;
    this.#dnsConcurrency = options.dnsConcurrency ?? 16;
    this.#dnsTimeoutMs = options.dnsTimeoutMs ?? 10_000;
    this.#pageSize = options.pageSize ?? 500;
  }

  async discover(
    options: { signal?: AbortSignal } = {},
  ): Promise<DiscoveryResult> {
    const { signal } = options;
    signal?.throwIfAborted();
    const started = Date.now();
    const credentials = await this.#auth.getOwnServiceCredentials();
    const entities = await this.#readEntities(credentials, signal);

    const problems: DiscoveryProblem[] = [];
    const jobs: Job[] = [];
    for (const { entityRef, annotation } of entities) {
      const parsed = parseTargetsAnnotation(annotation);
      for (const message of parsed.errors) {
        problems.push({ entityRef, message });
      }
      for (const spec of parsed.targets) {
        jobs.push({ entityRef, spec });
      }
    }

    const expansions = await mapWithConcurrency(
      jobs,
      this.#dnsConcurrency,
      job => this.#expand(job, signal),
      signal,
    );
    signal?.throwIfAborted();

    const targets: ScrapeTarget[] = [];
    const seen = new Set<string>();
    expansions.forEach((expansion, index) => {
      if (!expansion) return; // only when aborted, which threw above
      const { entityRef } = jobs[index];
      for (const message of expansion.problems) {
        problems.push({ entityRef, message });
      }
      for (const target of expansion.targets) {
        const key = `${target.entityRef}\n${target.url}`;
        if (!seen.has(key)) {
          seen.add(key);
          targets.push(target);
        }
      }
    });

    this.#logger.debug(
      `Discovered ${targets.length} scrape targets (${
        targets.filter(t => t.unavailableReason).length
      } unavailable) from ${entities.length} entities with ${
        problems.length
      } problems in ${Date.now() - started} ms`,
    );
    return { targets, problems };
  }

  /** The annotated entities, deduplicated and sorted by entity ref. */
  async #readEntities(
    credentials: BackstageCredentials,
    signal: AbortSignal | undefined,
  ): Promise<AnnotatedEntity[]> {
    const byRef = new Map<string, string>();
    const pages = this.#catalog.streamEntities(
      {
        filter: {
          [`metadata.annotations.${PERISKOP_TARGETS_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: FIELDS,
        pageSize: this.#pageSize,
      },
      { credentials },
    );
    for await (const page of pages) {
      signal?.throwIfAborted();
      for (const entity of page) {
        const annotation =
          entity.metadata?.annotations?.[PERISKOP_TARGETS_ANNOTATION];
        if (typeof annotation !== 'string' || !entity.kind) {
          continue;
        }
        byRef.set(stringifyEntityRef(entity), annotation);
      }
    }
    return [...byRef.entries()]
      .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
      .map(([entityRef, annotation]) => ({ entityRef, annotation }));
  }

  async #expand(
    { entityRef, spec }: Job,
    signal: AbortSignal | undefined,
  ): Promise<Expansion> {
    switch (spec.type) {
      case 'http':
        return this.#expandHttp(entityRef, spec.url);
      case 'dns+a':
        return this.#expandDnsA(entityRef, spec, signal);
      default:
        return this.#expandDnsSrv(entityRef, spec, signal);
    }
  }

  #target(
    entityRef: string,
    url: string,
    source: string,
    unavailableReason?: string,
  ): ScrapeTarget {
    return {
      id: targetId(entityRef, url),
      entityRef,
      url,
      source,
      ...(unavailableReason ? { unavailableReason } : {}),
    };
  }

  async #expandHttp(entityRef: string, url: string): Promise<Expansion> {
    const decision = this.#policy.checkHost(new URL(url).hostname);
    return {
      targets: [
        this.#target(
          entityRef,
          url,
          url,
          decision.allowed ? undefined : decision.reason,
        ),
      ],
      problems: [],
    };
  }

  async #expandDnsA(
    entityRef: string,
    spec: DnsATargetSpec,
    signal: AbortSignal | undefined,
  ): Promise<Expansion> {
    const source = formatTargetSpec(spec);
    const unavailable = (reason: string): Expansion => ({
      targets: [this.#target(entityRef, source, source, reason)],
      problems: [],
    });

    // Names the policy rejects outright are not even looked up.
    const hostDecision = this.#policy.checkHost(spec.host);
    if (!hostDecision.allowed) {
      return unavailable(hostDecision.reason);
    }

    let addresses: string[];
    try {
      addresses = await this.#withTimeout(
        this.#dns.resolveAddresses(spec.host),
        `DNS lookup of ${spec.host}`,
        signal,
      );
    } catch (error) {
      signal?.throwIfAborted();
      return unavailable(messageOf(error, spec.host, 'DNS lookup'));
    }
    if (addresses.length === 0) {
      return unavailable(`DNS lookup of ${spec.host} failed: ENODATA`);
    }

    const targets = [...new Set(addresses)].sort(compareAddresses).map(ip => {
      const url = new URL(`http://${authority(ip, spec.port)}${spec.path}`)
        .href;
      const decision = this.#policy.checkAddress(spec.host, ip);
      return this.#target(
        entityRef,
        url,
        source,
        decision.allowed ? undefined : decision.reason,
      );
    });
    return { targets, problems: [] };
  }

  async #expandDnsSrv(
    entityRef: string,
    spec: DnsSrvTargetSpec,
    signal: AbortSignal | undefined,
  ): Promise<Expansion> {
    const source = formatTargetSpec(spec);
    const unavailable = (reason: string): Expansion => ({
      targets: [this.#target(entityRef, source, source, reason)],
      problems: [],
    });

    let records: Awaited<ReturnType<DnsResolver['resolveSrv']>>;
    try {
      records = await this.#withTimeout(
        this.#dns.resolveSrv(spec.name),
        `DNS SRV lookup of ${spec.name}`,
        signal,
      );
    } catch (error) {
      signal?.throwIfAborted();
      return unavailable(messageOf(error, spec.name, 'DNS SRV lookup'));
    }

    const problems: string[] = [];
    const targets: ScrapeTarget[] = [];
    const usable = records
      .map(record => ({
        ...record,
        name: record.name.toLowerCase().replace(/\.$/, ''),
      }))
      // RFC 2782: a target of "." means the service is not available here.
      .filter(record => record.name !== '' && record.port > 0)
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          b.weight - a.weight ||
          (a.name < b.name ? -1 : Number(a.name > b.name)) ||
          a.port - b.port,
      );
    if (usable.length === 0) {
      return unavailable(
        `DNS SRV lookup of ${spec.name} found no usable records (target "." or port 0)`,
      );
    }
    for (const record of usable) {
      let url: string;
      try {
        url = new URL(
          `http://${authority(record.name, record.port)}${spec.path}`,
        ).href;
      } catch {
        problems.push(
          `${source}: the SRV record target ${JSON.stringify(
            record.name,
          )} is not a valid host name`,
        );
        continue;
      }
      const decision = this.#policy.checkHost(new URL(url).hostname);
      targets.push(
        this.#target(
          entityRef,
          url,
          source,
          decision.allowed ? undefined : decision.reason,
        ),
      );
    }
    if (targets.length === 0) {
      return {
        targets: [
          this.#target(
            entityRef,
            source,
            source,
            `DNS SRV lookup of ${spec.name} found no usable records`,
          ),
        ],
        problems,
      };
    }
    return { targets, problems };
  }

  /** Bounds a DNS lookup by the timeout, and by the abort signal. */
  async #withTimeout<T>(
    promise: Promise<T>,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${what} failed: timed out after ${this.#dnsTimeoutMs} ms`,
            ),
          ),
        this.#dnsTimeoutMs,
      );
      if (signal) {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    try {
      signal?.throwIfAborted();
      return await Promise.race([promise, stop]);
    } finally {
      clearTimeout(timer);
      if (signal && onAbort) {
        signal.removeEventListener('abort', onAbort);
      }
    }
  }
}
