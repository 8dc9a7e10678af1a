import type { Entity } from '@backstage/catalog-model';
import {
  PERISKOP_SERVICE_NAME_ANNOTATION,
  PERISKOP_TARGETS_ANNOTATION,
} from './constants';

/**
 * The annotations that make an entity monitored by Periskop: its instances
 * are scraped ({@link PERISKOP_TARGETS_ANNOTATION}), or push their errors
 * (a service that only names itself with
 * {@link PERISKOP_SERVICE_NAME_ANNOTATION}, e.g. a batch job).
 * @public
 */
export const PERISKOP_ENTITY_ANNOTATIONS = [
  PERISKOP_TARGETS_ANNOTATION,
  PERISKOP_SERVICE_NAME_ANNOTATION,
] as const;

/**
 * Whether an entity is monitored by Periskop, i.e. carries a non-blank
 * {@link PERISKOP_TARGETS_ANNOTATION} or
 * {@link PERISKOP_SERVICE_NAME_ANNOTATION}. Used to show the Errors tab only
 * where it can have content.
 *
 * Does not validate the value; an invalid one is reported by the catalog
 * processor, and the tab then explains it instead of disappearing.
 *
 * @param entity - any catalog entity
 * @public
 */
export function isPeriskopAvailable(entity: Entity): boolean {
  return PERISKOP_ENTITY_ANNOTATIONS.some(annotation => {
    const value = entity.metadata.annotations?.[annotation];
    return typeof value === 'string' && value.trim() !== '';
  });
}
