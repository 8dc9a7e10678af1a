/** The scheme of the URL that stands for a pushed instance in target health. */
const PUSH_SCHEME = 'push:';

/**
 * Where a pushed instance's errors come from, as target health and the
 * metrics show it: `push:<target_uuid>`, or, for a collector without one,
 * its instance key, which is already `push:<entity ref>`.
 */
export function pushedInstanceUrl(instanceKey: string): string {
  return instanceKey.startsWith(PUSH_SCHEME)
    ? instanceKey
    : `${PUSH_SCHEME}${instanceKey}`;
}

/** The instance key of a collector that pushed without a `target_uuid`. */
export function anonymousPushInstanceKey(entityRef: string): string {
  return `${PUSH_SCHEME}${entityRef}`;
}
