import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The credentials to read the catalog with on behalf of a caller.
 *
 * @remarks
 * A user's own, so that the catalog's read rules apply to them. For a
 * service principal (a static or JWKS token of another system), this
 * plugin's own service credentials: Backstage would send the catalog a
 * token of this plugin anyway when forwarding a service principal's
 * credentials, so the catalog sees the same identity, but forwarding
 * refuses a token whose `accessRestrictions` do not grant the catalog
 * unrestricted (which, since service tokens are not judged by the
 * permission policy, would let the token holder call the whole catalog
 * API). A token restricted to this plugin thus reads what it may read
 * here and nothing else.
 */
export async function catalogCredentialsFor(
  auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>,
  credentials: BackstageCredentials,
): Promise<BackstageCredentials> {
  return auth.isPrincipal(credentials, 'service')
    ? auth.getOwnServiceCredentials()
    : credentials;
}

/**
 * `catalog.getEntityByRef` that reads with {@link catalogCredentialsFor}
 * the credentials it is given, e.g. for `EntityAccess`.
 */
export function entityLookupFor(
  catalog: Pick<CatalogService, 'getEntityByRef'>,
  auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>,
): Pick<CatalogService, 'getEntityByRef'> {
  return {
    getEntityByRef: async (entityRef, options) =>
      catalog.getEntityByRef(entityRef, {
        credentials: await catalogCredentialsFor(auth, options.credentials),
      }),
  };
}
