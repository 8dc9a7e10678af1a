import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The Periskop service name of an entity, from its ref and the
 * `periskop.io/service-name` that discovery found (left out when it is the
 * entity's name): the name in metrics and in the Periskop-compatible API.
 */
export function serviceNameOf(target: {
  entityRef: string;
  serviceName?: string | null;
}): string {
  return target.serviceName ?? parseEntityRef(target.entityRef).name;
}
