import { createHash } from 'node:crypto';

/**
 * The stable id of a scrape target: the first 32 hex characters (128 bits)
 * of SHA-256 over `${entityRef}\n${url}`. The same entity and URL always
 * give the same id, so target health survives restarts and rediscovery.
 *
 * @param entityRef - the stringified, lower-case entity ref
 * @param url - the exact URL that is fetched (or the DNS entry, if unresolvable)
 */
export function targetId(entityRef: string, url: string): string {
  return createHash('sha256')
    .update(`${entityRef}\n${url}`, 'utf8')
    .digest('hex')
    .slice(0, 32);
}
