import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  MissingAnnotationEmptyState,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DEFAULT_SUMMARY_TOP,
  MAX_SUMMARY_TOP,
  PERISKOP_TARGETS_ANNOTATION,
  isPeriskopAvailable,
} from '@periskop-backstage/plugin-periskop-common';
import { useErrorsTabLink } from '../errorsTabLink';
import { PERISKOP_REGION_CLASS, isPushOnly } from '../shared';
import { EntityErrorSummary } from './EntityErrorSummary';

/**
 * Props of the errors card (`EntityPeriskopCard`).
 *
 * @public
 */
export interface EntityPeriskopCardProps {
  /** Card title; `Errors` by default. */
  title?: string;
  /** How many of the most frequent open errors to list; 5 by default, at most 50. */
  maxItems?: number;
  /** `InfoCard` variant; `gridItem` (fills its grid cell) by default. */
  variant?: InfoCardVariants;
}

/**
 * The errors card of an entity's overview tab: how many errors are open,
 * regressed and new, the most frequent ones of the last 24 hours with
 * links to the Errors tab, and a warning when Periskop cannot scrape the
 * entity.
 */
export const EntityPeriskopCard = (props: EntityPeriskopCardProps) => {
  const { entity } = useEntity();
  const { title = 'Errors', variant = 'gridItem' } = props;
  const errorsTabLink = useErrorsTabLink();

  if (!isPeriskopAvailable(entity)) {
    return (
      <InfoCard
        title={title}
        variant={variant}
        className={PERISKOP_REGION_CLASS}
      >
        <MissingAnnotationEmptyState annotation={PERISKOP_TARGETS_ANNOTATION} />
      </InfoCard>
    );
  }

  // a count the backend accepts, rather than an error panel
  const top = Math.max(
    0,
    Math.min(
      Math.floor(props.maxItems ?? DEFAULT_SUMMARY_TOP),
      MAX_SUMMARY_TOP,
    ),
  );
  return (
    <InfoCard
      title={title}
      subheader="Open errors reported by Periskop"
      variant={variant}
      className={PERISKOP_REGION_CLASS}
      deepLink={{ title: 'View all errors', link: errorsTabLink(entity) }}
    >
      <EntityErrorSummary
        entityRef={getCompoundEntityRef(entity)}
        top={top}
        pushOnly={isPushOnly(
          entity.metadata.annotations?.[PERISKOP_TARGETS_ANNOTATION] ?? '',
        )}
      />
    </InfoCard>
  );
};
