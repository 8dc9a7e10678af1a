import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * A catalog service for `startTestBackend` that answers every call from
 * whatever `catalog.entities` holds at that moment, so a test can add,
 * change or remove entities while the backend runs.
 */
export function changingCatalogFactory(catalog: { entities: Entity[] }) {
  const service = new Proxy(catalogServiceMock({ entities: [] }), {
    get: (_target, method) => {
      const current = catalogServiceMock({ entities: catalog.entities });
      const value = (current as any)[method];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => service,
  });
}
