import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { periskopErrorReadPermission } from '@periskop-backstage/plugin-periskop-common';
import { DEFAULT_CATALOG_PAGE_SIZE } from '../../discovery/CatalogTargetDiscovery';
import { readAnnotatedEntities } from '../../discovery/readAnnotatedEntities';
import { serviceNameOf } from '../../discovery/serviceNameOf';
import { catalogCredentialsFor } from '../catalogCredentials';

/** What a service name stands for, for one caller. */
export type ServiceLookup =
  | { type: 'found'; entityRef: string }
  | { type: 'missing' }
  /** Two or more entities the caller may read carry this name. */
  | { type: 'ambiguous'; entityRefs: string[] };

/**
 * The Periskop services a caller can see: the entities with a Periskop
 * annotation (`periskop.io/targets` or `periskop.io/service-name`) that
 * the catalog shows them (read as `catalogCredentialsFor` says) and whose
 * errors the permission policy lets them read, by service name
 * (`periskop.io/service-name`, else `metadata.name`).
 *
 * @remarks
 * Every other entity does not exist for the caller, so a name cannot be
 * probed to learn what exists. A name carried by several readable entities
 * is never merged: lookups report it as ambiguous with the entities' refs,
 * so the owners can give them distinct `periskop.io/service-name`s.
 *
 * Reads the catalog on every call, as the overview does, so that a
 * catalog change and the caller's current rights apply at once.
 */
export class ServiceDirectory {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>;
      pageSize?: number;
    },
  ) {}

  /**
   * Every service the caller may read: service name → the refs of the
   * entities that carry it (sorted; more than one is a collision), in
   * name order.
   */
  async listServices(
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    const { catalog, permissions, auth } = this.options;
    const entities = await readAnnotatedEntities({
      catalog,
      credentials: await catalogCredentialsFor(auth, credentials),
      pageSize: this.options.pageSize ?? DEFAULT_CATALOG_PAGE_SIZE,
    });
    if (entities.length === 0) {
      return new Map();
    }
    const decisions = await permissions.authorize(
      entities.map(entity => ({
        permission: periskopErrorReadPermission,
        resourceRef: entity.entityRef,
      })),
      { credentials },
    );
    const byName = new Map<string, string[]>();
    entities.forEach((entity, index) => {
      if (decisions[index].result !== AuthorizeResult.ALLOW) {
        return;
      }
      const name = serviceNameOf(entity);
      // entities come sorted by ref, so every list is sorted too
      byName.set(name, [...(byName.get(name) ?? []), entity.entityRef]);
    });
    return new Map(
      [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : Number(a > b))),
    );
  }

  /** The entity behind `name` for the caller. */
  async findService(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<ServiceLookup> {
    const entityRefs = (await this.listServices(credentials)).get(name);
    if (!entityRefs) {
      return { type: 'missing' };
    }
    if (entityRefs.length > 1) {
      return { type: 'ambiguous', entityRefs };
    }
    return { type: 'found', entityRef: entityRefs[0] };
  }
}
