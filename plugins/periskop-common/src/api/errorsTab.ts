import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Where an entity's Errors tab lives below its entity page, in both
 * frontend systems (the `EntityContentBlueprint` path and the documented
 * legacy route).
 * @public
 */
export const ERRORS_TAB_PATH = 'errors';

/**
 * The query parameter of the Errors tab that selects (opens) one error
 * group. Not `error`: Backstage's sign-in page reads `?error=` as a failed
 * login.
 * @public
 */
export const SELECTED_ERROR_PARAM = 'errorId';

/**
 * The app-relative path of one error in its entity's Errors tab, below the
 * catalog's default entity route (`/catalog/:namespace/:kind/:name`), e.g.
 * `/catalog/default/component/api-auth/errors?errorId=42`. For links made
 * where the app's routes are not known (notifications from the backend);
 * the frontend resolves the entity route of the app it runs in.
 * @public
 */
export function defaultErrorsTabPath(
  entityRef: string,
  errorId?: string,
): string {
  const ref = parseEntityRef(entityRef);
  const segments = [
    ref.namespace.toLowerCase(),
    ref.kind.toLowerCase(),
    ref.name,
  ].map(encodeURIComponent);
  const path = `/catalog/${segments.join('/')}/${ERRORS_TAB_PATH}`;
  return errorId === undefined
    ? path
    : `${path}?${new URLSearchParams({ [SELECTED_ERROR_PARAM]: errorId })}`;
}
