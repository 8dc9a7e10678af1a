import { MissingAnnotationEmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PERISKOP_TARGETS_ANNOTATION,
  isPeriskopAvailable,
} from '@periskop-backstage/plugin-periskop-common';
import { EntityErrorsView } from './EntityErrorsView';

/**
 * The Errors tab of an entity page, in both frontend systems: the entity's
 * error groups with search, filters, live refresh and details, the
 * health of its scrape targets and pushed instances, and its push key. All
 * of the view lives in the URL (see `errorListView.ts`), so links restore
 * it exactly.
 *
 * On an entity with neither `periskop.io/targets` nor
 * `periskop.io/service-name` it explains how to add the targets annotation
 * (a service that only pushes needs just the service name).
 *
 * @public
 */
export const EntityPeriskopContent = () => {
  const { entity } = useEntity();

  if (!isPeriskopAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={PERISKOP_TARGETS_ANNOTATION} />
    );
  }
  // keyed by entity: filters typed for one service must not leak into the
  // next one when the page is reused for another entity
  return (
    <EntityErrorsView
      key={entity.metadata.uid ?? entity.metadata.name}
      entity={entity}
    />
  );
};
