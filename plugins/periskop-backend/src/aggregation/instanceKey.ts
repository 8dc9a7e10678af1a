/**
 * Which process a payload comes from: its `target_uuid`, which changes when
 * the process restarts, or the scraped URL for clients that send none.
 */
export function instanceKeyOf(targetUuid: string | null, url: string): string {
  return targetUuid ?? url;
}
