import { makeStyles } from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { SearchField } from '../shared';
import {
  OVERVIEW_WINDOWS,
  OverviewParams,
  OverviewView,
  OverviewWindow,
} from './overviewParams';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  toggles: {
    backgroundColor: theme.palette.background.paper,
  },
  toggle: {
    textTransform: 'none',
    padding: theme.spacing(0.5, 1.5),
  },
}));

/** Props of {@link OverviewToolbar}. */
export interface OverviewToolbarProps {
  params: OverviewParams;
  /** Undefined while the default is being decided. */
  view: OverviewView | undefined;
  /** "My teams" makes no sense for someone who owns nothing. */
  canShowMine: boolean;
  update: (changes: Partial<OverviewParams>, replace?: boolean) => void;
}

/** The overview's filters: whose entities, text and time window. */
export const OverviewToolbar = (props: OverviewToolbarProps) => {
  const { params, view, canShowMine, update } = props;
  const classes = useStyles();
  return (
    <div className={classes.toolbar}>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={view ?? null}
        onChange={(_event, value: OverviewView | null) => {
          if (value) update({ view: value });
        }}
        aria-label="Whose entities"
        className={classes.toggles}
      >
        <ToggleButton
          value="mine"
          className={classes.toggle}
          disabled={!canShowMine}
        >
          My teams
        </ToggleButton>
        <ToggleButton value="all" className={classes.toggle}>
          All
        </ToggleButton>
      </ToggleButtonGroup>
      <SearchField
        label="Filter entities"
        placeholder="Filter by entity, title or owner"
        value={params.query}
        onSearch={value => update({ query: value }, true)}
      />
      <ToggleButtonGroup
        exclusive
        size="small"
        value={params.window}
        onChange={(_event, value: OverviewWindow | null) => {
          if (value) update({ window: value });
        }}
        aria-label="Time window"
        className={classes.toggles}
      >
        {OVERVIEW_WINDOWS.map(window => (
          <ToggleButton
            key={window.id}
            value={window.id}
            className={classes.toggle}
            // the visible label first (WCAG 2.5.3, label in name)
            aria-label={`${window.shortLabel}, ${window.title.toLowerCase()}`}
          >
            {window.shortLabel}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </div>
  );
};
