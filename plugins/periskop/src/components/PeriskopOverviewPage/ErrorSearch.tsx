import { useApi } from '@backstage/core-plugin-api';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { periskopApiRef } from '../../api';
import { ErrorListPanel } from '../EntityPeriskopContent/ErrorListPanel';
import { explainEmptyErrorList } from '../EntityPeriskopContent/explainEmptyErrorList';
import { LiveRefreshStatus } from '../EntityPeriskopContent/LiveRefreshStatus';
import {
  errorListKey,
  toErrorListQuery,
} from '../EntityPeriskopContent/errorListView';
import { usePageInRange } from '../EntityPeriskopContent/usePageInRange';
import { useErrorListView } from '../EntityPeriskopContent/useErrorListView';
import { useErrorsTabLink } from '../errorsTabLink';
import { useLiveData, useLiveRefresh } from '../shared';

/**
 * The org-wide error search: the errors of every entity the user may read,
 * with the Errors tab's filters, sort and paging (all server-side, all in
 * the URL with the tab's parameter names), each row naming its entity and
 * linking to the error in that entity's Errors tab.
 */
export const ErrorSearch = () => {
  const api = useApi(periskopApiRef);
  const navigate = useNavigate();
  const errorsTabLink = useErrorsTabLink();
  // every entity's errors are searched: any signal refreshes the list
  const refresh = useLiveRefresh();
  const { tick } = refresh;
  const { view, setFilters, setPage } = useErrorListView();

  const list = useLiveData(
    // `from` is computed at request time, so each refresh slides the window
    () => api.searchErrors(toErrorListQuery(view)),
    { key: errorListKey(view), tick },
  );
  usePageInRange(list, view, setPage);

  const detailsLink = useCallback(
    (group: ErrorGroup) => errorsTabLink(group.entityRef, group.id),
    [errorsTabLink],
  );
  const value = list.value;
  const onOpen = useCallback(
    (id: string) => {
      const group = value?.items.find(item => item.id === id);
      if (group) navigate(detailsLink(group));
    },
    [value, navigate, detailsLink],
  );

  return (
    <ErrorListPanel
      list={list}
      view={view}
      setFilters={setFilters}
      setPage={setPage}
      // nothing but the filters to blame: every entity the user may read
      explainEmpty={() => explainEmptyErrorList(view, undefined, '')}
      status={
        <LiveRefreshStatus
          updatedAt={list.updatedAt}
          refreshError={list.failed ? undefined : list.error}
          onRefresh={list.reload}
          refresh={refresh}
        />
      }
      detailsLink={detailsLink}
      showEntity
      onOpen={onOpen}
    />
  );
};
