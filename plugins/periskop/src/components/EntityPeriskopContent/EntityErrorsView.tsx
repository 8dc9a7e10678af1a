import { Box, Paper, makeStyles } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  ErrorGroup,
  PERISKOP_TARGETS_ANNOTATION,
} from '@periskop-backstage/plugin-periskop-common';
import { useCallback, useEffect, useMemo } from 'react';
import { periskopApiRef } from '../../api';
import { ErrorDetailsDrawer } from '../ErrorDetails';
import { isPushOnly, timeWindow, useLiveData, usePolling } from '../shared';
import { ErrorFilterBar } from './ErrorFilterBar';
import { ErrorGroupTable } from './ErrorGroupTable';
import { ErrorListEmptyState } from './ErrorListEmptyState';
import { LiveRefreshStatus } from './LiveRefreshStatus';
import { PushKeyPanel } from './PushKeyPanel';
import { TargetHealthPanel } from './TargetHealthPanel';
import { applyGroupChange } from './applyGroupChange';
import {
  DEFAULT_ERROR_LIST_VIEW,
  errorListKey,
  toErrorListQuery,
} from './errorListView';
import { explainEmptyErrorList } from './explainEmptyErrorList';
import { useErrorListView } from './useErrorListView';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
  progressSlot: {
    // reserves the bar's height so rows do not jump when it appears
    height: 4,
  },
  errorPanel: { padding: theme.spacing(0, 2, 2) },
}));

/** Props of {@link EntityErrorsView}. */
export interface EntityErrorsViewProps {
  /**
   * An entity monitored by Periskop: it carries the `periskop.io/targets`
   * annotation, `periskop.io/service-name`, or both.
   */
  entity: Entity;
}

/**
 * The Errors tab body of an annotated entity: target health, the push key,
 * filters, the error table and the details drawer, all driven by the URL
 * and refreshed live at the backend's scrape interval.
 *
 * A refresh never unmounts anything: rows are updated in place, so scroll
 * position, focus, typed text and the open drawer survive it. Progress is
 * shown only while new filters load, never for the periodic refresh.
 */
export const EntityErrorsView = (props: EntityErrorsViewProps) => {
  const { entity } = props;
  const classes = useStyles();
  const api = useApi(periskopApiRef);
  const entityRef = stringifyEntityRef(entity);
  // a new object every render would not matter (fetches are keyed), but a
  // stable one keeps the loaders honest
  const compoundRef = useMemo(
    () => getCompoundEntityRef(entity),
    [entityRef], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const annotation =
    entity.metadata.annotations?.[PERISKOP_TARGETS_ANNOTATION] ?? '';

  const tick = usePolling();
  const { view, setFilters, setPage, setErrorId, linkTo } = useErrorListView();

  const list = useLiveData(
    // `from` is computed at request time, so each refresh slides the window
    () => api.listErrors(compoundRef, toErrorListQuery(view)),
    { key: `${entityRef} ${errorListKey(view)}`, tick },
  );
  const targets = useLiveData(() => api.listTargets(compoundRef), {
    key: entityRef,
    tick,
  });

  // A page past the end (groups resolved meanwhile, an old link) would show
  // an empty table that lies; go to the last page instead (page 1 when
  // nothing matches), without a new history entry.
  const listValue = list.value;
  const listIsCurrent = !list.loading && !list.stale;
  useEffect(() => {
    if (
      listIsCurrent &&
      listValue &&
      listValue.items.length === 0 &&
      view.page > 1
    ) {
      const lastPage = Math.ceil(listValue.totalItems / view.pageSize);
      setPage(Math.max(1, lastPage), { replace: true });
    }
  }, [listIsCurrent, listValue, view.page, view.pageSize, setPage]);

  const { update: updateList, reload: reloadList } = list;
  const { reload: reloadTargets } = targets;
  const status = view.status;
  const onChanged = useCallback(
    (group: ErrorGroup) => {
      updateList(value => applyGroupChange(value, group, status));
      // counts and the page's remaining rows come from the backend
      reloadList();
    },
    [updateList, reloadList, status],
  );
  const onOpen = useCallback((id: string) => setErrorId(id), [setErrorId]);
  const onClose = useCallback(() => setErrorId(undefined), [setErrorId]);
  const refreshNow = useCallback(() => {
    reloadList();
    reloadTargets();
  }, [reloadList, reloadTargets]);
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

  // A failure for the current filters replaces the table; a failed refresh
  // of a list already shown only marks it as not up to date.
  let body;
  if (list.failed) {
    body = (
      <Box className={classes.errorPanel}>
        <ResponseErrorPanel error={list.error!} />
      </Box>
    );
  } else if (!listValue || (list.stale && listValue.items.length === 0)) {
    body = null; // first load: the progress bar says it all
  } else if (listValue.items.length === 0) {
    body = (
      <ErrorListEmptyState
        explanation={explainEmptyErrorList(
          view,
          targets.value?.items,
          annotation,
        )}
        annotation={annotation}
        onResetFilters={resetFilters}
      />
    );
  } else {
    body = (
      <ErrorGroupTable
        items={listValue.items}
        totalItems={listValue.totalItems}
        view={view}
        stale={list.stale}
        setFilters={setFilters}
        setPage={setPage}
        linkTo={linkTo}
        onOpen={onOpen}
      />
    );
  }

  return (
    <Box className={classes.root}>
      <TargetHealthPanel
        targets={targets.value?.items}
        error={targets.value ? undefined : targets.error}
        annotation={annotation}
      />
      <PushKeyPanel
        entity={compoundRef}
        entityRef={entityRef}
        pushOnly={isPushOnly(annotation)}
        refreshTick={tick}
      />
      <Paper>
        <ErrorFilterBar
          view={view}
          setFilters={setFilters}
          severityCounts={listValue?.severityCounts}
          extra={
            <LiveRefreshStatus
              updatedAt={list.updatedAt}
              refreshError={list.failed ? undefined : list.error}
              onRefresh={refreshNow}
            />
          }
        />
        <Box className={classes.progressSlot}>
          {list.loading && <Progress />}
        </Box>
        {body}
      </Paper>
      <ErrorDetailsDrawer
        errorId={view.errorId}
        entityRef={entityRef}
        windowMs={timeWindow(view.window).durationMs}
        refreshTick={tick}
        onClose={onClose}
        onChanged={onChanged}
      />
    </Box>
  );
};
