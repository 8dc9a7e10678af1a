import { createHash } from 'node:crypto';
import type { ErrorInstance } from './types';

/**
 * How many stack frames make up an aggregation key, as in periskop-go.
 * @public
 */
export const AGGREGATION_KEY_FRAMES = 4;

/**
 * Computes the aggregation key of an error: `Class@hash`, where `hash` is the
 * first 8 hex digits of the SHA-1 of the first {@link AGGREGATION_KEY_FRAMES}
 * stack frames (e.g. `TypeError@1f3a9c0e`).
 *
 * @remarks
 * The same throw site reached through the same callers gives the same key
 * whatever the message (`user 42 not found` and `user 43 not found`
 * aggregate together); different sites give different keys. The message is
 * not part of the hash, except for errors without a stack trace (thrown
 * strings, plain objects), which are told apart by their message instead.
 * Varying `Promise.all` indices in async frames are ignored.
 *
 * @public
 */
export function computeAggregationKey(error: ErrorInstance): string {
  const frames = error.stacktrace
    .slice(0, AGGREGATION_KEY_FRAMES)
    .map(frame => frame.replace(/\(index \d+\)/g, '(index)'));
  const material =
    frames.length > 0 ? frames.join('\n') : `message:${error.message}`;
  const hash = createHash('sha1').update(material).digest('hex').slice(0, 8);
  return `${error.class}@${hash}`;
}
