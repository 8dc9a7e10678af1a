import { CompoundEntityRef } from '@backstage/catalog-model';
import { List, Typography } from '@material-ui/core';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { useErrorsTabLink } from '../errorsTabLink';
import { SPARKLINE_SPAN } from '../shared';
import { TopErrorItem } from './TopErrorItem';

/** Props of {@link TopErrorsList}. */
export interface TopErrorsListProps {
  /** Ranked by the backend: most occurrences first. */
  groups: ErrorGroup[];
  entityRef: CompoundEntityRef;
}

/** The most frequent open errors, each linked to its details. */
export const TopErrorsList = (props: TopErrorsListProps) => {
  const { groups, entityRef } = props;
  const errorsTabLink = useErrorsTabLink();
  if (groups.length === 0) {
    return null;
  }
  return (
    <>
      <Typography variant="overline" color="textSecondary" component="h3">
        Most frequent in the last {SPARKLINE_SPAN}
      </Typography>
      <List dense disablePadding aria-label="Most frequent open errors">
        {groups.map(group => (
          <TopErrorItem
            key={group.id}
            group={group}
            to={errorsTabLink(entityRef, group.id)}
          />
        ))}
      </List>
    </>
  );
};
