/** What one sync changes in `entity_presence`. */
export interface EntityPresenceChanges {
  /** Listed now, and new or missing until now: present from now on. */
  listed: string[];
  /** Present until now and not listed any more: missing from now on. */
  missing: string[];
}

/**
 * The presence changes that make `stored` (entity ref to `missing_since`,
 * null while present) agree with the refs discovery lists now. A missing
 * entity keeps its first `missing_since`, so its grace period runs from
 * when it first went missing.
 */
export function planEntityPresence(
  stored: ReadonlyMap<string, number | null>,
  listedRefs: ReadonlySet<string>,
): EntityPresenceChanges {
  const listed: string[] = [];
  for (const ref of listedRefs) {
    // undefined: no row yet; a number: missing until now
    if (stored.get(ref) !== null) {
      listed.push(ref);
    }
  }
  const missing: string[] = [];
  for (const [ref, missingSince] of stored) {
    if (missingSince === null && !listedRefs.has(ref)) {
      missing.push(ref);
    }
  }
  return { listed, missing };
}
