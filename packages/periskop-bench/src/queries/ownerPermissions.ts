import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * The permission service of a policy that lets members read only what
 * their teams own, as an adopter's policy would (`IS_ENTITY_OWNER` with the
 * user's ownership claims): a conditional decision without a resource, and
 * per entity the decision with the condition applied, as the permission
 * framework answers it after asking the catalog.
 */
export function ownerPermissions(
  claims: string[],
  entities: Entity[],
): PermissionsService {
  const owned = new Set(
    entities
      .filter(entity =>
        entity.relations?.some(
          r => r.type === RELATION_OWNED_BY && claims.includes(r.targetRef),
        ),
      )
      .map(entity => stringifyEntityRef(entity)),
  );
  const conditional: PolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      resourceType: 'catalog-entity',
      rule: 'IS_ENTITY_OWNER',
      params: { claims },
    },
  };
  return {
    async authorizeConditional(requests) {
      return requests.map(() => conditional) as any;
    },
    async authorize(requests) {
      return requests.map(request => ({
        result:
          'resourceRef' in request &&
          request.resourceRef &&
          owned.has(request.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
  } as PermissionsService;
}
