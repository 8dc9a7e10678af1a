import type { Entity } from '@backstage/catalog-model';
import { PERISKOP_SERVICE_NAME_ANNOTATION } from './constants';

/**
 * The service name of an entity for Periskop: the
 * {@link PERISKOP_SERVICE_NAME_ANNOTATION} when set and non-blank (trimmed),
 * otherwise `metadata.name`.
 *
 * @param entity - any catalog entity
 * @public
 */
export function getPeriskopServiceName(entity: Entity): string {
  const value = entity.metadata.annotations?.[PERISKOP_SERVICE_NAME_ANNOTATION];
  if (typeof value === 'string' && value.trim() !== '') {
    return value.trim();
  }
  return entity.metadata.name;
}
