import { Box, makeStyles } from '@material-ui/core';
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
import { useCallback, useMemo } from 'react';
import { periskopApiRef } from '../../api';
import { ErrorDetailsDrawer } from '../ErrorDetails';
import {
  PERISKOP_REGION_CLASS,
  isPushOnly,
  timeWindow,
  useLiveData,
  useLiveRefresh,
} from '../shared';
import { ErrorListPanel } from './ErrorListPanel';
import { LiveRefreshStatus } from './LiveRefreshStatus';
import { PushKeyPanel } from './PushKeyPanel';
import { TargetHealthPanel } from './TargetHealthPanel';
import { applyGroupChange } from './applyGroupChange';
import { errorListKey, toErrorListQuery } from './errorListView';
import { explainEmptyErrorList } from './explainEmptyErrorList';
import { useErrorListView } from './useErrorListView';
import { usePageInRange } from './usePageInRange';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
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
 * and refreshed live: when the backend signals that the entity's errors
 * changed, or at its scrape interval without signals (`useLiveRefresh`).
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

  // the drawer and the push key panel follow the tab's refresh
  const refresh = useLiveRefresh({ entityRef });
  const { tick } = refresh;
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

  usePageInRange(list, view, setPage);

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
  return (
    <Box className={`${classes.root} ${PERISKOP_REGION_CLASS}`}>
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
      <ErrorListPanel
        list={list}
        view={view}
        setFilters={setFilters}
        setPage={setPage}
        explainEmpty={() =>
          explainEmptyErrorList(view, targets.value?.items, annotation)
        }
        annotation={annotation}
        status={
          <LiveRefreshStatus
            updatedAt={list.updatedAt}
            refreshError={list.failed ? undefined : list.error}
            onRefresh={refreshNow}
            refresh={refresh}
          />
        }
        detailsLink={group => linkTo({ errorId: group.id })}
        onOpen={onOpen}
      />
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
