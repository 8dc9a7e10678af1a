import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { PERISKOP_TARGETS_ANNOTATION } from '@periskop-backstage/plugin-periskop-common';

/** An entity that carries the targets annotation, and its raw value. */
export interface AnnotatedEntity {
  entityRef: string;
  annotation: string;
}

/** Only what discovery reads, so large catalogs stay cheap to page through. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/**
 * The entities with the `periskop.io/targets` annotation, read page by page
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
  const byRef = new Map<string, string>();
  const pages = catalog.streamEntities(
    {
      filter: {
        [`metadata.annotations.${PERISKOP_TARGETS_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: FIELDS,
      pageSize,
    },
    { credentials },
  );
  for await (const page of pages) {
    signal?.throwIfAborted();
    for (const entity of page) {
      const annotation =
        entity.metadata?.annotations?.[PERISKOP_TARGETS_ANNOTATION];
      if (typeof annotation !== 'string' || !entity.kind) {
        continue;
      }
      byRef.set(stringifyEntityRef(entity), annotation);
    }
  }
  return [...byRef.entries()]
    .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
    .map(([entityRef, annotation]) => ({ entityRef, annotation }));
}
