import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/**
 * A short, unambiguous name for an entity ref in prose:
 * `component:default/payments` becomes `component:payments`.
 * A value that is not an entity ref is returned as it is.
 */
export function displayEntityRef(entityRef: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(entityRef));
  } catch {
    return entityRef;
  }
}
