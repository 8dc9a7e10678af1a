import {
  Box,
  IconButton,
  MenuItem,
  TextField,
  Tooltip,
  makeStyles,
} from '@material-ui/core';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import {
  ERROR_SORT_FIELDS,
  ERROR_STATUS_FILTERS,
  ErrorSortField,
  ErrorStatusFilter,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import { ReactNode } from 'react';
import { SearchField, TIME_WINDOW_CHOICES, TimeWindowId } from '../shared';
import { SeverityFilterChips } from './SeverityFilterChips';
import { ErrorListView } from './errorListView';
import { ErrorListViewState } from './useErrorListView';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    padding: theme.spacing(2),
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  spacer: { flex: '1 1 auto' },
  toggle: {
    // as tall as the search field next to it
    height: 40,
    padding: theme.spacing(0, 1.5),
    textTransform: 'none',
  },
  sort: { minWidth: 150 },
}));

/** Labels of the sort fields, as in the table headers. */
export const SORT_LABELS: Record<ErrorSortField, string> = {
  lastSeen: 'Last seen',
  totalCount: 'Occurrences',
  firstSeen: 'First seen',
};

const STATUS_LABELS: Record<ErrorStatusFilter, string> = {
  open: 'Open',
  resolved: 'Resolved',
  all: 'All',
};

/** Props of {@link ErrorFilterBar}. */
export interface ErrorFilterBarProps {
  view: ErrorListView;
  setFilters: ErrorListViewState['setFilters'];
  severityCounts: Record<PeriskopSeverity, number> | undefined;
  /** Shown at the end of the second row (live status, refresh). */
  extra?: ReactNode;
}

/**
 * Everything that narrows the error list: search, severity, status, the
 * last-seen window and the sort. Controlled by the URL view, so it always
 * shows what the list was fetched with.
 */
export const ErrorFilterBar = (props: ErrorFilterBarProps) => {
  const { view, setFilters, severityCounts, extra } = props;
  const classes = useStyles();

  return (
    <Box className={classes.bar}>
      <Box className={classes.row}>
        <SearchField
          label="Search errors"
          placeholder="Search class, message, stack trace, URL…"
          value={view.query}
          // Starting or clearing a search is a step Back can undo; refining
          // one replaces the entry, so Back does not replay every pause in
          // typing
          onSearch={query =>
            setFilters(
              { query },
              { replace: view.query !== '' && query !== '' },
            )
          }
        />
        <ToggleButtonGroup
          size="small"
          exclusive
          value={view.status}
          aria-label="Status"
          onChange={(_, status: ErrorStatusFilter | null) => {
            // clicking the active button would deselect it; keep one on
            if (status) setFilters({ status });
          }}
        >
          {ERROR_STATUS_FILTERS.map(status => (
            <ToggleButton
              key={status}
              value={status}
              className={classes.toggle}
            >
              {STATUS_LABELS[status]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={view.window}
          aria-label="Last seen"
          onChange={(_, window: TimeWindowId | null) => {
            if (window) setFilters({ window });
          }}
        >
          {TIME_WINDOW_CHOICES.map(window => (
            <ToggleButton
              key={window.id}
              value={window.id}
              className={classes.toggle}
              // the visible label first (WCAG 2.5.3, label in name)
              aria-label={`${window.shortLabel}, last seen ${window.phrase}`}
              title={`Last seen ${window.phrase}`}
            >
              {window.shortLabel}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      <Box className={classes.row}>
        <SeverityFilterChips
          selected={view.severities}
          counts={severityCounts}
          onChange={severities => setFilters({ severities })}
        />
        <Box className={classes.spacer} />
        {extra}
        <TextField
          select
          size="small"
          variant="outlined"
          label="Sort by"
          // ties the select to its label (aria-labelledby); one tab per page
          id="periskop-errors-sort"
          className={classes.sort}
          value={view.sort}
          onChange={event =>
            setFilters({ sort: event.target.value as ErrorSortField })
          }
        >
          {ERROR_SORT_FIELDS.map(field => (
            <MenuItem key={field} value={field}>
              {SORT_LABELS[field]}
            </MenuItem>
          ))}
        </TextField>
        <Tooltip title={view.order === 'desc' ? 'Descending' : 'Ascending'}>
          <IconButton
            size="small"
            aria-label={
              view.order === 'desc'
                ? 'Sorted descending, switch to ascending'
                : 'Sorted ascending, switch to descending'
            }
            onClick={() =>
              setFilters({ order: view.order === 'desc' ? 'asc' : 'desc' })
            }
          >
            {view.order === 'desc' ? (
              <ArrowDownwardIcon fontSize="small" />
            ) : (
              <ArrowUpwardIcon fontSize="small" />
            )}
          </IconButton>
        </Tooltip>
      </Box>
    </Box>
  );
};
