import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseTargetsAnnotation,
  type TargetSpec,
} from '@periskop-backstage/plugin-periskop-common';
import { mapWithConcurrency } from '../concurrency/mapWithConcurrency';
import {
  DEFAULT_MAX_ENTRIES_PER_ANNOTATION,
  DEFAULT_MAX_RECORDS_PER_NAME,
  DEFAULT_MAX_TARGETS_PER_ENTITY,
} from '../config/defaults';
import type { DnsResolver } from './DnsResolver';
import { expandTargetSpec } from './expandTargetSpec';
import { formatTargetSpec } from './formatTargetSpec';
import { limitTargetsPerEntity } from './limitTargetsPerEntity';
import type { OutboundPolicy } from './OutboundPolicy';
import { readAnnotatedEntities } from './readAnnotatedEntities';
import { targetId } from './targetId';
import type {
  DiscoveryProblem,
  DiscoveryResult,
  ScrapeTarget,
  TargetDiscovery,
} from './types';

/** DNS lookups in flight at most, over all entries. */
export const DEFAULT_DNS_CONCURRENCY = 16;

/**
 * Upper bound for one DNS lookup of discovery, whatever the resolver's own
 * timeout is (the resolver is pluggable).
 */
export const DEFAULT_DISCOVERY_DNS_TIMEOUT_MS = 10_000;

/** Entities per catalog page. */
export const DEFAULT_CATALOG_PAGE_SIZE = 500;

/** Dependencies and tuning of {@link CatalogTargetDiscovery}. */
export interface CatalogTargetDiscoveryOptions {
  /** The catalog (`catalogServiceRef`). */
  catalog: CatalogService;
  /** For the plugin's own service credentials towards the catalog. */
  auth: AuthService;
  dns: DnsResolver;
  policy: OutboundPolicy;
  logger: LoggerService;
  /** DNS lookups in flight at most. Default {@link DEFAULT_DNS_CONCURRENCY}. */
  dnsConcurrency?: number;
  /**
   * Upper bound for one DNS lookup in milliseconds. Default
   * {@link DEFAULT_DISCOVERY_DNS_TIMEOUT_MS}.
   */
  dnsTimeoutMs?: number;
  /** Entities per catalog page. Default {@link DEFAULT_CATALOG_PAGE_SIZE}. */
  pageSize?: number;
  /** `periskop.discovery.maxEntriesPerAnnotation`. */
  maxEntriesPerAnnotation?: number;
  /** `periskop.discovery.maxRecordsPerName`. */
  maxRecordsPerName?: number;
  /** `periskop.discovery.maxTargetsPerEntity`. */
  maxTargetsPerEntity?: number;
}

/** One annotation entry of one entity, to be expanded. */
interface Job {
  entityRef: string;
  spec: TargetSpec;
}

/**
 * Turns the catalog into scrape targets: every entity with the
 * `periskop.io/targets` annotation, each entry expanded through DNS (see
 * {@link expandTargetSpec} for what each kind of entry becomes).
 *
 * Blocked targets and DNS entries that cannot be resolved are kept, with an
 * `unavailableReason`, so the health of the entity says why nothing is
 * scraped. Invalid annotation entries become problems; the valid entries of
 * the same entity still produce targets. Stateless: every call reads the
 * catalog anew, so removed entities and entries simply stop appearing.
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
  readonly #maxEntriesPerAnnotation: number;
  readonly #maxRecordsPerName: number;
  readonly #maxTargetsPerEntity: number;

  constructor(options: CatalogTargetDiscoveryOptions) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#dns = options.dns;
    this.#policy = options.policy;
    this.#logger = options.logger;
    this.#dnsConcurrency = options.dnsConcurrency ?? DEFAULT_DNS_CONCURRENCY;
    this.#dnsTimeoutMs =
      options.dnsTimeoutMs ?? DEFAULT_DISCOVERY_DNS_TIMEOUT_MS;
    this.#pageSize = options.pageSize ?? DEFAULT_CATALOG_PAGE_SIZE;
    this.#maxEntriesPerAnnotation =
      options.maxEntriesPerAnnotation ?? DEFAULT_MAX_ENTRIES_PER_ANNOTATION;
    this.#maxRecordsPerName =
      options.maxRecordsPerName ?? DEFAULT_MAX_RECORDS_PER_NAME;
    this.#maxTargetsPerEntity =
      options.maxTargetsPerEntity ?? DEFAULT_MAX_TARGETS_PER_ENTITY;
  }

  async discover(
    options: { signal?: AbortSignal } = {},
  ): Promise<DiscoveryResult> {
    const { signal } = options;
    signal?.throwIfAborted();
    const started = Date.now();
    const entities = await readAnnotatedEntities({
      catalog: this.#catalog,
      credentials: await this.#auth.getOwnServiceCredentials(),
      pageSize: this.#pageSize,
      signal,
    });

    const problems: DiscoveryProblem[] = [];
    const jobs: Job[] = [];
    const omittedEntries = new Map<string, ScrapeTarget>();
    const serviceNames = new Map<string, string>();
    for (const { entityRef, annotation, serviceName, problem } of entities) {
      if (serviceName !== undefined) {
        serviceNames.set(entityRef, serviceName);
      }
      if (problem !== undefined) {
        problems.push({ entityRef, message: problem });
      }
      if (annotation === undefined) {
        continue; // pushes its errors, nothing to scrape
      }
      const parsed = parseTargetsAnnotation(annotation, {
        maxEntries: this.#maxEntriesPerAnnotation,
      });
      for (const message of parsed.errors) {
        problems.push({ entityRef, message });
      }
      for (const spec of parsed.targets) {
        jobs.push({ entityRef, spec });
      }
      if (parsed.omitted.length > 0) {
        omittedEntries.set(
          entityRef,
          this.#omittedEntriesTarget(entityRef, parsed.omitted),
        );
      }
    }

    const context = {
      dns: this.#dns,
      policy: this.#policy,
      dnsTimeoutMs: this.#dnsTimeoutMs,
      maxRecordsPerName: this.#maxRecordsPerName,
      signal,
    };
    const expansions = await mapWithConcurrency(
      jobs,
      this.#dnsConcurrency,
      job => expandTargetSpec(job.entityRef, job.spec, context),
      signal,
    );
    signal?.throwIfAborted();

    const found: ScrapeTarget[] = [];
    const seen = new Set<string>();
    const add = (target: ScrapeTarget) => {
      // Two entries of one entity may name the same instance.
      const key = `${target.entityRef}\n${target.url}`;
      if (!seen.has(key)) {
        seen.add(key);
        found.push(target);
      }
    };
    expansions.forEach((expansion, index) => {
      if (!expansion) return; // only when aborted, which threw above
      const { entityRef } = jobs[index];
      for (const message of expansion.problems) {
        problems.push({ entityRef, message });
      }
      expansion.targets.forEach(add);
    });
    // the rows saying which entries were past the annotation limit
    omittedEntries.forEach(add);

    const limited = limitTargetsPerEntity(found, this.#maxTargetsPerEntity);
    problems.push(...limited.problems);
    const targets = limited.targets.map(target => {
      const serviceName = serviceNames.get(target.entityRef);
      return serviceName === undefined ? target : { ...target, serviceName };
    });

    this.#logger.debug(
      `Discovered ${targets.length} scrape targets (${
        targets.filter(t => t.unavailableReason).length
      } unavailable) from ${entities.length} entities with ${
        problems.length
      } problems in ${Date.now() - started} ms`,
    );
    return {
      targets,
      problems,
      entityRefs: entities.map(entity => entity.entityRef),
    };
  }

  /** The first entry past the annotation limit, as an unavailable target saying so. */
  #omittedEntriesTarget(
    entityRef: string,
    omitted: readonly TargetSpec[],
  ): ScrapeTarget {
    const entry = formatTargetSpec(omitted[0]);
    const limit = this.#maxEntriesPerAnnotation;
    return {
      id: targetId(entityRef, entry),
      entityRef,
      url: entry,
      source: entry,
      unavailableReason: `periskop.discovery.maxEntriesPerAnnotation is ${limit}: the periskop.io/targets annotation lists ${
        limit + omitted.length
      } targets, ${
        omitted.length
      } of them (this one and every one after it) are not scraped`,
    };
  }
}
