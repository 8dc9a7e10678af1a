import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { Box, Button } from '@material-ui/core';
import { PERISKOP_TARGETS_ANNOTATION } from '@periskop-backstage/plugin-periskop-common';
import { OverviewView } from './overviewParams';

/** Props of {@link OverviewEmptyState}. */
export interface OverviewEmptyStateProps {
  view: OverviewView;
  /** The text filter, trimmed. */
  query: string;
  onShowAll: () => void;
  onClearQuery: () => void;
}

/**
 * Why the overview lists no entity, with the way out: clear the filter,
 * look at all entities, or annotate one.
 */
export const OverviewEmptyState = (props: OverviewEmptyStateProps) => {
  const { view, query, onShowAll, onClearQuery } = props;
  if (query) {
    return (
      <EmptyState
        missing="data"
        title={`No entities match “${query}”`}
        description={
          view === 'mine'
            ? 'The filter looks at the entity ref, title and owner of the entities your teams own.'
            : 'The filter looks at the entity ref, title and owner of every annotated entity.'
        }
        action={
          <Box display="flex" style={{ gap: 8 }}>
            <Button variant="contained" color="primary" onClick={onClearQuery}>
              Clear filter
            </Button>
            {view === 'mine' && (
              <Button variant="outlined" onClick={onShowAll}>
                Search all entities
              </Button>
            )}
          </Box>
        }
      />
    );
  }
  if (view === 'mine') {
    return (
      <EmptyState
        missing="data"
        title="No entities owned by your teams"
        description="None of the entities that you or your teams own is scraped by Periskop."
        action={
          <Button variant="contained" color="primary" onClick={onShowAll}>
            Show all entities
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      missing="field"
      title="No annotated entities"
      description={`Periskop scrapes the entities that carry the ${PERISKOP_TARGETS_ANNOTATION} annotation. Add it to a service's catalog-info.yaml with the URLs where its instances expose their errors:`}
      action={
        <CodeSnippet
          language="yaml"
          text={[
            'metadata:',
            '  annotations:',
            `    ${PERISKOP_TARGETS_ANNOTATION}: http://my-service:8080/-/exceptions`,
          ].join('\n')}
        />
      }
    />
  );
};
