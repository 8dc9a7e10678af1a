import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  periskopErrorReadPermission,
  periskopErrorResolvePermission,
  periskopPushKeyManagePermission,
} from '@periskop-backstage/plugin-periskop-common';

/** What a caller who may read an entity's errors may also be allowed to do. */
const ACTIONS = {
  resolve: {
    permission: periskopErrorResolvePermission,
    denied: 'resolve the errors',
  },
  managePushKey: {
    permission: periskopPushKeyManagePermission,
    denied: 'manage the push key',
  },
};

/**
 * Who may see an entity's errors: a caller to whom the catalog shows the
 * entity (its own read rules apply) and whom the permission policy allows
 * to read its errors.
 *
 * @remarks
 * Anyone else is told exactly what they would be told for an entity or an
 * error id that does not exist, so that refs and ids cannot be probed to
 * learn what exists and who owns it. Only a caller who may read an entity
 * can learn that they may not resolve its errors.
 */
export class EntityAccess {
  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      permissions: PermissionsService;
    },
  ) {}

  /**
   * Resolves when the caller may read the errors of `entityRef` (and, with
   * `resolve`, resolve them, or with `action`, do that). Throws `notFound`
   * when the caller may not read them or the entity is not in the catalog,
   * and a `NotAllowedError` when the caller may read but not do the rest.
   * Returns the entity as the caller sees it.
   */
  async check(request: {
    credentials: BackstageCredentials;
    entityRef: string;
    resolve?: boolean;
    action?: keyof typeof ACTIONS;
    notFound: () => NotFoundError;
  }): Promise<Entity> {
    const { credentials, entityRef } = request;
    const action = request.resolve ? ACTIONS.resolve : undefined;
    const also = request.action ? ACTIONS[request.action] : action;
    const permissions = also
      ? [periskopErrorReadPermission, also.permission]
      : [periskopErrorReadPermission];
    const [decisions, entity] = await Promise.all([
      this.options.permissions.authorize(
        permissions.map(permission => ({ permission, resourceRef: entityRef })),
        { credentials },
      ),
      this.options.catalog.getEntityByRef(entityRef, { credentials }),
    ]);
    if (!entity || decisions[0].result !== AuthorizeResult.ALLOW) {
      throw request.notFound();
    }
    if (also && decisions[1].result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not ${also.denied} of ${entityRef}`);
    }
    return entity;
  }
}

/** The 404 of an entity the caller cannot see, as for one that does not exist. */
export const entityNotFound = (entityRef: string) => () =>
  new NotFoundError(`No entity ${entityRef}`);

/** The 404 of an error the caller cannot see, as for an id that does not exist. */
export const errorNotFound = (id: number) => () =>
  new NotFoundError(`No error with id ${id}`);
