import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OverviewRow,
  OverviewSortField,
  PERISKOP_TARGETS_ANNOTATION,
  SortOrder,
} from '@periskop-backstage/plugin-periskop-common';
import { entityCounts, ErrorReadStore } from '../database';
import { catalogCredentialsFor } from './catalogCredentials';
import { listAnnotatedEntities } from './listAnnotatedEntities';
import { authorizedEntityRefs } from './ReadableEntities';
import { OverviewQuery } from './request/parseOverviewQuery';

/** Inputs of the overview, validated. */
export type OverviewRequest = OverviewQuery & {
  credentials: BackstageCredentials;
};

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  `metadata.annotations.${PERISKOP_TARGETS_ANNOTATION}`,
  'relations',
];

/**
 * The org-wide overview: one row per annotated entity the caller may read,
 * with its aggregates. The catalog gives the entities (read with the
 * caller's own credentials, so catalog read rules apply too), one batched
 * permission call filters them, and one statement over the stored
 * aggregates fills the numbers.
 */
export class OverviewService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      /** To read the catalog for service principals (see `catalogCredentialsFor`). */
      auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>;
      permissions: PermissionsService;
      store: Pick<ErrorReadStore, 'getEntityAggregates'>;
    },
  ) {}

  async getOverview(request: OverviewRequest): Promise<OverviewRow[]> {
    const { catalog, permissions, store } = this.options;

    const entities = await listAnnotatedEntities(catalog, {
      credentials: await catalogCredentialsFor(
        this.options.auth,
        request.credentials,
      ),
      fields: ENTITY_FIELDS,
      where: request.owners?.length
        ? [{ [`relations.${RELATION_OWNED_BY}`]: request.owners }]
        : undefined,
    });

    const rows = entities.map(entity => {
      const owner = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
      return {
        entityRef: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
        owner: owner?.targetRef ?? null,
        // as the Errors tab decides: a blank annotation scrapes nothing
        pushOnly:
          !entity.metadata.annotations?.[PERISKOP_TARGETS_ANNOTATION]?.trim(),
      };
    });

    const matching = rows.filter(row => {
      const text = `${row.entityRef} ${row.title} ${
        row.owner ?? ''
      }`.toLowerCase();
      return request.terms.every(term => text.includes(term));
    });
    if (matching.length === 0) {
      return [];
    }

    const allowed = new Set(
      await authorizedEntityRefs(
        permissions,
        request.credentials,
        matching.map(row => row.entityRef),
      ),
    );
    const readable = matching.filter(row => allowed.has(row.entityRef));
    if (readable.length === 0) {
      return [];
    }

    const aggregates = new Map(
      (
        await store.getEntityAggregates({
          from: request.from,
          to: request.to,
          entityRefs: readable.map(row => row.entityRef),
        })
      ).map(a => [a.entityRef, a]),
    );

    const result: OverviewRow[] = readable.map(row => ({
      ...row,
      ...entityCounts(aggregates.get(row.entityRef)),
    }));
    return sortRows(result, request.sort, request.order);
  }
}

function sortRows(
  rows: OverviewRow[],
  sort: OverviewSortField,
  order: SortOrder,
): OverviewRow[] {
  const direction = order === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const x = a[sort] ?? '';
    const y = b[sort] ?? '';
    const compared =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y));
    // ties keep a stable, readable order
    return compared * direction || a.entityRef.localeCompare(b.entityRef);
  });
}
