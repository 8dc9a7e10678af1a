import { ErrorGroupListResponse } from '@periskop-backstage/plugin-periskop-common';
import { useEffect } from 'react';
import { LiveData } from '../shared';
import { ErrorListView } from './errorListView';
import { ErrorListViewState } from './useErrorListView';

/**
 * Keeps the page of an error list within its answer. A page past the end
 * (groups resolved meanwhile, an old link) would show an empty table that
 * lies; this goes to the last page instead (page 1 when nothing matches),
 * without a new history entry.
 */
export function usePageInRange(
  list: LiveData<ErrorGroupListResponse>,
  view: ErrorListView,
  setPage: ErrorListViewState['setPage'],
): void {
  const value = list.value;
  const isCurrent = !list.loading && !list.stale;
  useEffect(() => {
    if (isCurrent && value && value.items.length === 0 && view.page > 1) {
      const lastPage = Math.ceil(value.totalItems / view.pageSize);
      setPage(Math.max(1, lastPage), { replace: true });
    }
  }, [isCurrent, value, view.page, view.pageSize, setPage]);
}
