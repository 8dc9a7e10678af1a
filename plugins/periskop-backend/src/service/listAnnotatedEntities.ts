import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { PERISKOP_ENTITY_ANNOTATIONS } from '@periskop-backstage/plugin-periskop-common';
import { andFilterSets, CatalogFilterSet } from './catalogFilterOfConditions';

/**
 * The entities with a Periskop annotation (scraped or pushing) that the
 * catalog shows to `credentials`, each once, in the catalog's order.
 * `where` narrows them: an entity must also meet one of its filter sets
 * (all of them by default). Only `fields` are read, so that large
 * catalogs stay cheap to page through.
 */
export async function listAnnotatedEntities(
  catalog: Pick<CatalogService, 'streamEntities'>,
  options: {
    credentials: BackstageCredentials;
    fields: string[];
    where?: CatalogFilterSet[];
  },
): Promise<Entity[]> {
  const where = options.where ?? [{}];
  if (where.length === 0) {
    return [];
  }
  // either annotation, and one of the sets of `where`: every pair, OR-ed
  const filter = PERISKOP_ENTITY_ANNOTATIONS.flatMap(annotation =>
    where.map(set =>
      catalogFilter(
        andFilterSets(
          { [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS },
          set,
        ),
      ),
    ),
  );
  const entities: Entity[] = [];
  const seen = new Set<string>();
  for await (const page of catalog.streamEntities(
    { filter, fields: options.fields },
    { credentials: options.credentials },
  )) {
    for (const entity of page) {
      // an entity that matches several filter sets comes once per set
      const ref = stringifyEntityRef(entity);
      if (!seen.has(ref)) {
        seen.add(ref);
        entities.push(entity);
      }
    }
  }
  return entities;
}

/** A filter set as the catalog's `filter` takes it: one value as a string. */
function catalogFilter(
  set: CatalogFilterSet,
): Record<string, string | string[] | typeof CATALOG_FILTER_EXISTS> {
  return Object.fromEntries(
    Object.entries(set).map(([key, value]) => [
      key,
      value !== CATALOG_FILTER_EXISTS && value.length === 1 ? value[0] : value,
    ]),
  );
}
