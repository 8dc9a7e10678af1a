import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { periskopErrorReadPermission } from '@periskop-backstage/plugin-periskop-common';
import { catalogCredentialsFor } from './catalogCredentials';
import { catalogFilterOfConditions } from './catalogFilterOfConditions';
import { listAnnotatedEntities } from './listAnnotatedEntities';

/** The catalog-entity permissions' resource type and the plugin whose rules apply. */
const CATALOG = { pluginId: 'catalog', resourceType: 'catalog-entity' };

/** Only the ref is needed. */
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * Which annotated entities' errors a caller may read: those the catalog
 * shows them (its read rules apply) that the permission policy lets them
 * read, the same rule as {@link EntityAccess} applies to one entity, for
 * all of them at once. The org-wide search binds this set into its SQL.
 *
 * @remarks
 * One policy decision for `periskop.error.read` without a resource
 * decides how: ALLOW reads every annotated entity the catalog shows, DENY
 * none (and asks the catalog nothing). A CONDITIONAL decision, such as
 * `IS_ENTITY_OWNER` with the user's ownership claims, is turned into a
 * catalog filter (see `catalogFilterOfConditions`), so the catalog
 * returns exactly the entities the conditions allow in one paged read.
 * Conditions that no filter can express (`not`, custom catalog rules) are
 * applied by the permission framework itself, entity by entity in one
 * batched call, as the Errors tab's check would.
 */
export class ReadableEntities {
  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'streamEntities'>;
      /** To read the catalog for service principals (see `catalogCredentialsFor`). */
      auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>;
      permissions: PermissionsService;
    },
  ) {}

  /** The refs of the annotated entities whose errors the caller may read, sorted. */
  async entityRefs(credentials: BackstageCredentials): Promise<string[]> {
    const { catalog, permissions } = this.options;
    const [decision] = await permissions.authorizeConditional(
      [{ permission: periskopErrorReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      return [];
    }
    const where =
      decision.result === AuthorizeResult.CONDITIONAL &&
      decision.pluginId === CATALOG.pluginId &&
      decision.resourceType === CATALOG.resourceType
        ? catalogFilterOfConditions(decision.conditions)
        : undefined;
    const entities = await listAnnotatedEntities(catalog, {
      credentials: await catalogCredentialsFor(this.options.auth, credentials),
      fields: REF_FIELDS,
      where,
    });
    const refs = entities.map(entity => stringifyEntityRef(entity));
    const readable =
      decision.result === AuthorizeResult.CONDITIONAL && !where
        ? await authorizedEntityRefs(permissions, credentials, refs)
        : refs;
    return readable.sort();
  }
}

/**
 * The refs among `entityRefs` whose errors the permission policy lets the
 * caller read, in one batched call (conditions are applied by the
 * permission framework, through the catalog).
 */
export async function authorizedEntityRefs(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  entityRefs: string[],
): Promise<string[]> {
  if (entityRefs.length === 0) {
    return [];
  }
  const decisions = await permissions.authorize(
    entityRefs.map(resourceRef => ({
      permission: periskopErrorReadPermission,
      resourceRef,
    })),
    { credentials },
  );
  return entityRefs.filter(
    (_ref, index) => decisions[index].result === AuthorizeResult.ALLOW,
  );
}
