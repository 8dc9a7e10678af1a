import type { Entity } from '@backstage/catalog-model';
import { PERISKOP_TARGETS_ANNOTATION } from './constants';

/**
 * Whether an entity is monitored by Periskop, i.e. carries a non-blank
 * {@link PERISKOP_TARGETS_ANNOTATION}. Used to show the Errors tab only where
 * it can have content.
 *
 * Does not validate the value; an invalid one is reported by the catalog
 * processor, and the tab then explains it instead of disappearing.
 *
 * @param entity - any catalog entity
 * @public
 */
export function isPeriskopAvailable(entity: Entity): boolean {
  const value = entity.metadata.annotations?.[PERISKOP_TARGETS_ANNOTATION];
  return typeof value === 'string' && value.trim() !== '';
}
