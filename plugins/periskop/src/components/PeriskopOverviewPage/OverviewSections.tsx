import { Box, Tab, Tabs, makeStyles } from '@material-ui/core';
import { ReactNode } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { ErrorSearch } from './ErrorSearch';

/**
 * The URL parameter that selects the section; without it the services are
 * shown, so existing links to the overview keep their meaning.
 */
export const OVERVIEW_SECTION_PARAM = 'tab';

const SECTIONS = [
  { id: 'services', label: 'Services', search: '' },
  {
    id: 'errors',
    label: 'Search errors',
    search: `?${OVERVIEW_SECTION_PARAM}=errors`,
  },
] as const;

const useStyles = makeStyles(theme => ({
  tabs: { marginBottom: theme.spacing(2) },
}));

/** Props of {@link OverviewSections}. */
export interface OverviewSectionsProps {
  /** The per-service overview. */
  services: ReactNode;
}

/**
 * The overview's sections: its services, and the search across the errors
 * of all of them. Each section is a link that starts the section with its
 * own defaults, since the two keep different filters in the URL.
 */
export const OverviewSections = (props: OverviewSectionsProps) => {
  const classes = useStyles();
  const [searchParams] = useSearchParams();
  const current =
    SECTIONS.find(s => s.id === searchParams.get(OVERVIEW_SECTION_PARAM)) ??
    SECTIONS[0];
  return (
    <>
      <Tabs
        value={current.id}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Overview sections"
        className={classes.tabs}
      >
        {SECTIONS.map(section => (
          <Tab
            key={section.id}
            value={section.id}
            label={section.label}
            id={`periskop-overview-tab-${section.id}`}
            aria-controls={`periskop-overview-panel-${section.id}`}
            component={RouterLink}
            to={{ search: section.search }}
          />
        ))}
      </Tabs>
      <Box
        role="tabpanel"
        id={`periskop-overview-panel-${current.id}`}
        aria-labelledby={`periskop-overview-tab-${current.id}`}
      >
        {current.id === 'errors' ? <ErrorSearch /> : props.services}
      </Box>
    </>
  );
};
