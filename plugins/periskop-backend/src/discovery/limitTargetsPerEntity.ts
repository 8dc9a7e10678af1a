import type { DiscoveryProblem, ScrapeTarget } from './types';

/** The outcome of {@link limitTargetsPerEntity}. */
export interface LimitedTargets {
  targets: ScrapeTarget[];
  /** One per entity over the limit. */
  problems: DiscoveryProblem[];
}

/**
 * Keeps the first `max` targets of every entity, in the given order. The
 * first target past the limit stays as an unavailable target whose reason
 * names `periskop.discovery.maxTargetsPerEntity`, the limit and how many
 * targets were left out, so the entity's health says why; the others are
 * dropped. Pure.
 */
export function limitTargetsPerEntity(
  targets: readonly ScrapeTarget[],
  max: number,
): LimitedTargets {
  const kept: ScrapeTarget[] = [];
  const counts = new Map<string, number>();
  const overflow = new Map<string, { row: ScrapeTarget; leftOut: number }>();
  for (const target of targets) {
    const count = counts.get(target.entityRef) ?? 0;
    counts.set(target.entityRef, count + 1);
    if (count < max) {
      kept.push(target);
      continue;
    }
    const seen = overflow.get(target.entityRef);
    if (seen) {
      seen.leftOut++;
      continue;
    }
    const row = { ...target };
    overflow.set(target.entityRef, { row, leftOut: 1 });
    kept.push(row);
  }
  const problems: DiscoveryProblem[] = [];
  for (const [entityRef, { row, leftOut }] of overflow) {
    const message = `periskop.discovery.maxTargetsPerEntity is ${max}: ${entityRef} has ${
      max + leftOut
    } targets, ${leftOut} of them (this one and every one after it) are not scraped`;
    row.unavailableReason = message;
    problems.push({ entityRef, message });
  }
  return { targets: kept, problems };
}
