import type { Entity } from '@backstage/catalog-model';
import {
  MAX_SERVICE_NAME_LENGTH,
  PERISKOP_SERVICE_NAME_ANNOTATION,
} from './constants';

/**
 * The service name of an entity for Periskop: the
 * {@link PERISKOP_SERVICE_NAME_ANNOTATION} when set and non-blank (trimmed)
 * and at most {@link MAX_SERVICE_NAME_LENGTH} characters long, otherwise
 * `metadata.name`.
 *
 * @param entity - any catalog entity
 * @public
 */
export function getPeriskopServiceName(entity: Entity): string {
  const value = entity.metadata.annotations?.[PERISKOP_SERVICE_NAME_ANNOTATION];
  const name = typeof value === 'string' ? value.trim() : '';
  if (name !== '' && name.length <= MAX_SERVICE_NAME_LENGTH) {
    return name;
  }
  return entity.metadata.name;
}
