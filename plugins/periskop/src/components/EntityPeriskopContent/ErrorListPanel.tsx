import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Box, Paper, makeStyles } from '@material-ui/core';
import {
  ErrorGroup,
  ErrorGroupListResponse,
} from '@periskop-backstage/plugin-periskop-common';
import { ReactNode, useCallback } from 'react';
import { LiveData } from '../shared';
import { ErrorFilterBar } from './ErrorFilterBar';
import { ErrorGroupTable } from './ErrorGroupTable';
import { ErrorListEmptyState } from './ErrorListEmptyState';
import { DEFAULT_ERROR_LIST_VIEW } from './errorListView';
import { EmptyErrorListExplanation } from './explainEmptyErrorList';
import { ErrorListViewState } from './useErrorListView';

const useStyles = makeStyles(theme => ({
  progressSlot: {
    // reserves the bar's height so rows do not jump when it appears
    height: 4,
  },
  errorPanel: { padding: theme.spacing(0, 2, 2) },
}));

/** Props of {@link ErrorListPanel}. */
export interface ErrorListPanelProps
  extends Pick<ErrorListViewState, 'view' | 'setFilters' | 'setPage'> {
  list: LiveData<ErrorGroupListResponse>;
  /** Why the current answer is empty, for the empty state. */
  explainEmpty(): EmptyErrorListExplanation;
  /** The targets annotation, listed in the empty state when it is the problem. */
  annotation?: string;
  /** At the end of the filter bar: the live status. */
  status: ReactNode;
  /** Where a group's class links to (its details). */
  detailsLink(group: ErrorGroup): string;
  /** Adds a column naming each group's entity (a search across entities). */
  showEntity?: boolean;
  onOpen(id: string): void;
}

/**
 * A list of error groups as the Errors tab shows it: the filter bar, a
 * progress bar while new filters load, and the table, or why it is empty,
 * or why it failed. A failure for the current filters replaces the table;
 * a failed refresh of a list already shown only marks it as not up to date
 * (in `status`).
 */
export const ErrorListPanel = (props: ErrorListPanelProps) => {
  const { list, view, setFilters, setPage } = props;
  const classes = useStyles();
  const value = list.value;
  const resetFilters = useCallback(
    () =>
      setFilters({
        query: DEFAULT_ERROR_LIST_VIEW.query,
        severities: DEFAULT_ERROR_LIST_VIEW.severities,
        status: DEFAULT_ERROR_LIST_VIEW.status,
        window: DEFAULT_ERROR_LIST_VIEW.window,
      }),
    [setFilters],
  );

  let body;
  if (list.failed) {
    body = (
      <Box className={classes.errorPanel}>
        <ResponseErrorPanel error={list.error!} />
      </Box>
    );
  } else if (!value || (list.stale && value.items.length === 0)) {
    body = null; // first load: the progress bar says it all
  } else if (value.items.length === 0) {
    body = (
      <ErrorListEmptyState
        explanation={props.explainEmpty()}
        annotation={props.annotation ?? ''}
        onResetFilters={resetFilters}
      />
    );
  } else {
    body = (
      <ErrorGroupTable
        items={value.items}
        totalItems={value.totalItems}
        view={view}
        stale={list.stale}
        setFilters={setFilters}
        setPage={setPage}
        detailsLink={props.detailsLink}
        showEntity={props.showEntity}
        onOpen={props.onOpen}
      />
    );
  }

  return (
    <Paper>
      <ErrorFilterBar
        view={view}
        setFilters={setFilters}
        severityCounts={value?.severityCounts}
        extra={props.status}
      />
      <Box className={classes.progressSlot}>{list.loading && <Progress />}</Box>
      {body}
    </Paper>
  );
};
