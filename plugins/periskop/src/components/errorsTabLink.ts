import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  ERRORS_TAB_PATH,
  SELECTED_ERROR_PARAM,
} from '@periskop-backstage/plugin-periskop-common';
import { useCallback } from 'react';

// declared in the common package, where the backend builds the links of
// its notifications from them too
export { ERRORS_TAB_PATH, SELECTED_ERROR_PARAM };

type EntityLike = Entity | CompoundEntityRef | string;

function useEntityRoute() {
  // The catalog mounts its entity page on `entityRouteRef` in both frontend
  // systems; `useRouteRef` throws when it is not mounted (an app without the
  // catalog page, a test), and then the catalog's default path is used.
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * A function that gives the path of an entity's Errors tab, optionally with
 * one error group selected (`?errorId=<id>`).
 */
export function useErrorsTabLink(): (
  entity: EntityLike,
  errorId?: string,
) => string {
  const entityRoute = useEntityRoute();
  return useCallback(
    (entity: EntityLike, errorId?: string) => {
      const params = entityRouteParams(entity, { encodeParams: true });
      const entityPath = entityRoute
        ? entityRoute(params)
        : `/catalog/${params.namespace}/${params.kind}/${params.name}`;
      const path = `${entityPath.replace(/\/+$/, '')}/${ERRORS_TAB_PATH}`;
      return errorId === undefined
        ? path
        : `${path}?${new URLSearchParams({ [SELECTED_ERROR_PARAM]: errorId })}`;
    },
    [entityRoute],
  );
}
