import { ParsedPayload } from '@periskop-backstage/plugin-periskop-common';

/**
 * Which process a payload comes from: its `target_uuid`, which changes when
 * the process restarts, or the scraped URL for clients that send none.
 */
export function instanceKeyOf(payload: ParsedPayload, url: string): string {
  return payload.targetUuid ?? url;
}
