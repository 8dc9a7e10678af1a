import { parseTargetsAnnotation } from '@periskop-backstage/plugin-periskop-common';

/**
 * One message per invalid entry of a `periskop.io/targets` annotation: the
 * entries the backend skips while it scrapes the valid ones. Read without
 * the limit on entries, which the backend applies with its own
 * configuration and shows as a target of its own in target health.
 */
export function invalidAnnotationEntries(annotation: string): string[] {
  return parseTargetsAnnotation(annotation, {
    maxEntries: Number.POSITIVE_INFINITY,
  }).errors;
}
