import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { OverviewResponse } from '@periskop-backstage/plugin-periskop-common';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { periskopApiRef } from '../../api';
import { useLiveData, useLiveRefresh } from '../shared';
import { OverviewEmptyState } from './OverviewEmptyState';
import { OverviewSections } from './OverviewSections';
import { OverviewTable } from './OverviewTable';
import { OverviewToolbar } from './OverviewToolbar';
import {
  OverviewParams,
  overviewWindow,
  readParams,
  sortRows,
  writeParams,
} from './overviewParams';
import { useOverviewView } from './useOverviewView';

/** One row per service, with its counts. */
const ServicesOverview = () => {
  const api = useApi(periskopApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readParams(searchParams);
  const update = (changes: Partial<OverviewParams>, replace = false) =>
    setSearchParams(current => writeParams(current, changes), { replace });

  const { view, owners, ownersLoading } = useOverviewView(params.view);
  const ownerFilter = view === 'mine' ? owners : undefined;
  const query = params.query.trim();
  // every entity is on the page: any signal refreshes it
  const { tick } = useLiveRefresh();
  const overview = useLiveData<OverviewResponse>(
    async () => {
      if (ownerFilter && ownerFilter.length === 0) {
        // "My teams" for someone who owns nothing: nothing to ask for
        return { items: [], totalItems: 0 };
      }
      return api.getOverview({
        owner: ownerFilter,
        query: query || undefined,
        from: new Date(
          Date.now() - overviewWindow(params.window).durationMs,
        ).toISOString(),
      });
    },
    {
      key: JSON.stringify([view, ownerFilter, query, params.window]),
      tick,
      enabled: view !== undefined && !ownersLoading,
    },
  );

  const rows = useMemo(
    () =>
      overview.value
        ? sortRows(overview.value.items, params.sort, params.order)
        : [],
    [overview.value, params.sort, params.order],
  );

  let body: JSX.Element;
  if (overview.failed) {
    body = <ResponseErrorPanel error={overview.error!} />;
  } else if (!overview.value) {
    body = <Progress />;
  } else if (rows.length === 0 && !overview.stale) {
    body = (
      <OverviewEmptyState
        view={view ?? 'all'}
        query={query}
        onShowAll={() => update({ view: 'all' })}
        onClearQuery={() => update({ query: '' })}
      />
    );
  } else {
    body = (
      <OverviewTable
        rows={rows}
        params={params}
        view={view ?? 'all'}
        loading={overview.loading}
        onSort={(sort, order) => update({ sort, order })}
      />
    );
  }

  return (
    <>
      <OverviewToolbar
        params={params}
        view={view}
        canShowMine={ownersLoading || owners.length > 0}
        update={update}
      />
      {overview.error && !overview.failed && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not refresh the overview: {overview.error.message}
          </Alert>
        </Box>
      )}
      {body}
    </>
  );
};

/**
 * The overview without page chrome, for apps that bring their own: its
 * services, and the search across their errors.
 */
export const PeriskopOverviewContent = () => (
  <OverviewSections services={<ServicesOverview />} />
);
