import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getPeriskopServiceName,
  isPeriskopAvailable,
  MAX_SERVICE_NAME_LENGTH,
  PERISKOP_ENTITY_ANNOTATIONS,
  PERISKOP_SERVICE_NAME_ANNOTATION,
  PERISKOP_TARGETS_ANNOTATION,
} from '@periskop-backstage/plugin-periskop-common';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * An entity monitored by Periskop: the raw value of its targets annotation
 * (undefined for an entity that only pushes its errors), and its service
 * name when that is not its entity name.
 */
export interface AnnotatedEntity {
  entityRef: string;
  annotation?: string;
  serviceName?: string;
  /** What is wrong with its service name annotation, if anything. */
  problem?: string;
}

/** Only what discovery reads, so large catalogs stay cheap to page through. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/**
 * The entities with a Periskop annotation (`periskop.io/targets` or
 * `periskop.io/service-name`), read page by page
 * with the given credentials, deduplicated and sorted by entity ref (so
 * discovery produces its targets in a stable order).
 */
export async function readAnnotatedEntities(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  pageSize: number;
  signal?: AbortSignal;
}): Promise<AnnotatedEntity[]> {
  const { catalog, credentials, pageSize, signal } = options;
  const byRef = new Map<string, AnnotatedEntity>();
  const pages = catalog.streamEntities(
    {
      // either annotation (filter sets are OR-ed)
      filter: PERISKOP_ENTITY_ANNOTATIONS.map(annotation => ({
        [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
      })),
      fields: FIELDS,
      pageSize,
    },
    { credentials },
  );
  for await (const page of pages) {
    signal?.throwIfAborted();
    for (const entity of page) {
      if (!entity.kind || !entity.metadata?.name) {
        continue;
      }
      const entityRef = stringifyEntityRef(entity);
      const annotation =
        entity.metadata.annotations?.[PERISKOP_TARGETS_ANNOTATION];
      if (typeof annotation !== 'string' && !isPeriskopAvailable(entity)) {
        continue; // only a blank service name: not monitored, as in the UI
      }
      const serviceName = getPeriskopServiceName(entity);
      const rawName =
        entity.metadata.annotations?.[PERISKOP_SERVICE_NAME_ANNOTATION];
      byRef.set(entityRef, {
        entityRef,
        ...(typeof annotation === 'string' ? { annotation } : {}),
        ...(serviceName !== parseEntityRef(entityRef).name
          ? { serviceName }
          : {}),
        ...(typeof rawName === 'string' &&
        rawName.trim().length > MAX_SERVICE_NAME_LENGTH
          ? {
              problem: `${PERISKOP_SERVICE_NAME_ANNOTATION} is longer than ${MAX_SERVICE_NAME_LENGTH} characters and is ignored; the entity's name is the service name`,
            }
          : {}),
      });
    }
  }
  return [...byRef.values()].sort((a, b) =>
    a.entityRef < b.entityRef ? -1 : Number(a.entityRef > b.entityRef),
  );
}
