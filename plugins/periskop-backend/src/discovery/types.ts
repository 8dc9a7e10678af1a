/**
 * One endpoint to scrape: one instance of one catalog entity.
 */
export interface ScrapeTarget {
  /** Stable id, derived from `entityRef` and `url` (see `targetId`). */
  id: string;
  /** The owning entity, as `kind:namespace/name` (lower case, stringified). */
  entityRef: string;
  /** The exact URL to `GET`. For an unresolvable DNS entry, the entry itself. */
  url: string;
  /**
   * The entity's `periskop.io/service-name`, when it is not the entity's
   * name (see `serviceNameOf`).
   */
  serviceName?: string;
  /** The annotation entry that produced this target, normalised, e.g. `dns+a://api.svc:8080/-/exceptions`. */
  source: string;
  /**
   * Why this target must not or cannot be fetched (blocked by the outbound
   * policy, DNS lookup failed). Such targets are never fetched, but they are
   * kept so their health says why.
   */
  unavailableReason?: string;
}

/** A problem with an entity's annotation, logged per entity and skipped. */
export interface DiscoveryProblem {
  entityRef: string;
  message: string;
}

/** The outcome of one discovery pass. */
export interface DiscoveryResult {
  targets: ScrapeTarget[];
  problems: DiscoveryProblem[];
  /**
   * Every entity that carries the annotation, also one whose entries are
   * all invalid (it has no targets, but its data must not be treated as
   * that of an entity gone from the catalog).
   */
  entityRefs: string[];
}

/**
 * Turns the catalog (and DNS) into the current list of scrape targets.
 */
export interface TargetDiscovery {
  discover(options?: { signal?: AbortSignal }): Promise<DiscoveryResult>;
}
