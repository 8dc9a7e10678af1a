import { createPermission } from '@backstage/plugin-permission-common';

// RESOURCE_TYPE_CATALOG_ENTITY of @backstage/plugin-catalog-common; spelled
// out so that this package does not depend on the catalog plugin. Errors
// belong to entities, so policies can decide per entity (e.g. by owner).
const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * Reading the errors, samples, occurrences and targets of an entity.
 * @public
 */
export const periskopErrorReadPermission = createPermission({
  name: 'periskop.error.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Resolving and unresolving the errors of an entity.
 * @public
 */
export const periskopErrorResolvePermission = createPermission({
  name: 'periskop.error.resolve',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Creating, rotating and revoking the push key of an entity, with which
 * batch jobs and other processes that cannot be scraped push their errors.
 * The key is as powerful as the entity's own instances: whoever holds it can
 * add errors to the entity.
 * @public
 */
export const periskopPushKeyManagePermission = createPermission({
  name: 'periskop.pushKey.manage',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Pushing errors for an entity with a Backstage token (service principals,
 * e.g. a static token of `backend.auth.externalAccess`); pushes with a push
 * key need no permission, the key is the credential. A token whose
 * `accessRestrictions` name only this permission can push and do nothing
 * else.
 * @public
 */
export const periskopErrorPushPermission = createPermission({
  name: 'periskop.error.push',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * All permissions of the Periskop plugins, for registration with the
 * permissions service.
 * @public
 */
export const periskopPermissions = [
  periskopErrorReadPermission,
  periskopErrorResolvePermission,
  periskopPushKeyManagePermission,
  periskopErrorPushPermission,
];
