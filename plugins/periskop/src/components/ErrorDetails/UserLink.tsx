import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * A link to the user (or other entity) behind an entity ref such as
 * `resolvedBy`; a value that is not an entity ref is shown as text.
 */
export const UserLink = ({ entityRef }: { entityRef: string }) => {
  try {
    parseEntityRef(entityRef, { defaultKind: 'user' });
  } catch {
    return <>{entityRef}</>;
  }
  return <EntityRefLink entityRef={entityRef} defaultKind="user" />;
};
