import {
  CodeSnippet,
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  OverviewResponse,
  OverviewRow,
  PERISKOP_TARGETS_ANNOTATION,
} from '@periskop-backstage/plugin-periskop-common';
import {
  Box,
  Button,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert, ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { periskopApiRef } from '../../api';
import { useErrorsTabLink } from '../errorsTabLink';
import { useLiveQuery } from '../useLiveQuery';
import { SearchField } from '../shared';
import {
  OverviewParams,
  OverviewView,
  OverviewWindow,
  SORT_FIELDS,
  OverviewSort,
  WINDOWS,
  readParams,
  sortRows,
  writeParams,
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
  entityRef: {
    display: 'block',
  },
  strong: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
  alarm: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

const numberFormat = new Intl.NumberFormat('en');

/** The ownership refs of the signed-in user; none when unknown. */
function useOwnership() {
  const identityApi = useApi(identityApiRef);
  const { value, loading } = useAsync(async () => {
    try {
      const identity = await identityApi.getBackstageIdentity();
      return identity.ownershipEntityRefs ?? [];
    } catch {
      return [];
    }
  }, [identityApi]);
  return { owners: value ?? [], loading };
}

/**
 * Without an explicit choice in the URL: "My teams" when the user's
 * ownership refs select at least one annotated entity, otherwise "All"
 * (a guest, or someone whose teams own no scraped service).
 */
function useDefaultView(
  explicit: OverviewView | undefined,
  owners: string[],
  ownersLoading: boolean,
): OverviewView | undefined {
  const api = useApi(periskopApiRef);
  const ownersKey = owners.join('\n');
  const { value } = useAsync(async (): Promise<OverviewView | undefined> => {
    if (explicit || ownersLoading) return undefined;
    if (ownersKey === '') return 'all';
    try {
      const mine = await api.getOverview({ owner: ownersKey.split('\n') });
      return mine.items.length > 0 ? 'mine' : 'all';
    } catch {
      return 'all';
    }
  }, [api, explicit, ownersLoading, ownersKey]);
  return explicit ?? value;
}

/** A row of the table; material-table keeps its state by `id`. */
type TableRow = OverviewRow & { id: string };

const TargetsCell = (props: { row: OverviewRow }) => {
  const classes = useStyles();
  const { targetsUp, targetsTotal } = props.row;
  if (targetsTotal === 0) {
    return (
      <Tooltip title="No scrape target discovered yet">
        <Typography variant="body2" className={classes.muted}>
          none
        </Typography>
      </Tooltip>
    );
  }
  const healthy = targetsUp === targetsTotal;
  return (
    <Tooltip
      title={
        healthy
          ? 'Every target answered its last scrape'
          : `${
              targetsTotal - targetsUp
            } of ${targetsTotal} targets failed their last scrape`
      }
    >
      <Typography
        variant="body2"
        className={healthy ? undefined : classes.alarm}
        data-testid="periskop-targets"
      >
        {targetsUp}/{targetsTotal}
      </Typography>
    </Tooltip>
  );
};

const OverviewTable = (props: {
  rows: OverviewRow[];
  params: OverviewParams;
  view: OverviewView;
  loading: boolean;
  onSort: (sort: OverviewSort, order: 'asc' | 'desc') => void;
}) => {
  const { rows, params, view, loading, onSort } = props;
  const classes = useStyles();
  const errorsTabLink = useErrorsTabLink();
  const data = useMemo(
    () => rows.map(row => ({ ...row, id: row.entityRef })),
    [rows],
  );

  const columns = useMemo((): TableColumn<TableRow>[] => {
    const count = (
      value: number,
      className: string | undefined = undefined,
    ) => (
      <Typography
        variant="body2"
        className={value > 0 ? className : classes.muted}
      >
        {numberFormat.format(value)}
      </Typography>
    );
    const sortable = (field: OverviewSort) => ({
      field,
      headerStyle: { whiteSpace: 'nowrap' as const },
      // the rows arrive sorted (see `sortRows`); the table only shows arrows
      customSort: () => 0,
      defaultSort:
        params.sort === field ? params.order : (undefined as undefined),
    });
    return [
      {
        title: 'Entity',
        ...sortable('title'),
        highlight: true,
        width: '30%',
        render: row => (
          <>
            <Link to={errorsTabLink(row.entityRef)}>{row.title}</Link>
            <Typography
              variant="caption"
              color="textSecondary"
              className={classes.entityRef}
            >
              {row.entityRef}
            </Typography>
          </>
        ),
      },
      {
        title: 'Owner',
        ...sortable('owner'),
        width: '18%',
        render: row =>
          row.owner ? (
            <EntityRefLink entityRef={row.owner} defaultKind="group" />
          ) : (
            <Typography variant="body2" className={classes.muted}>
              none
            </Typography>
          ),
      },
      {
        title: 'Open',
        ...sortable('openErrors'),
        type: 'numeric',
        render: row => count(row.openErrors, classes.strong),
      },
      {
        title: `New (${params.window})`,
        ...sortable('newErrors'),
        type: 'numeric',
        render: row => count(row.newErrors, classes.strong),
      },
      {
        title: 'Regressed',
        ...sortable('regressedErrors'),
        type: 'numeric',
        render: row => count(row.regressedErrors, classes.alarm),
      },
      {
        title: `Occurrences (${params.window})`,
        ...sortable('occurrences'),
        type: 'numeric',
        render: row => count(row.occurrences),
      },
      {
        title: 'Targets',
        ...sortable('targetsUp'),
        type: 'numeric',
        render: row => <TargetsCell row={row} />,
      },
    ];
  }, [classes, errorsTabLink, params.sort, params.order, params.window]);

  return (
    <Table<TableRow>
      title={view === 'mine' ? 'Owned by your teams' : 'All annotated entities'}
      subtitle={`${rows.length} ${rows.length === 1 ? 'entity' : 'entities'}`}
      isLoading={loading}
      columns={columns}
      data={data}
      options={{
        search: false,
        padding: 'dense',
        draggable: false,
        thirdSortClick: false,
        paging: rows.length > 20,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        emptyRowsWhenPaging: false,
      }}
      onOrderChange={(index, order) => {
        const field = columns[index]?.field;
        if (
          typeof field === 'string' &&
          (SORT_FIELDS as readonly string[]).includes(field)
        ) {
          onSort(field as OverviewSort, order);
        }
      }}
    />
  );
};

const OverviewEmptyState = (props: {
  view: OverviewView;
  query: string;
  onShowAll: () => void;
  onClearQuery: () => void;
}) => {
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

/** The overview without page chrome, for apps that bring their own. */
export const PeriskopOverviewContent = () => {
  const classes = useStyles();
  const api = useApi(periskopApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readParams(searchParams);
  const update = (changes: Partial<OverviewParams>, replace = false) =>
    setSearchParams(current => writeParams(current, changes), { replace });

  const { owners, loading: ownersLoading } = useOwnership();
  const view = useDefaultView(params.view, owners, ownersLoading);

  const ownerFilter = view === 'mine' ? owners : undefined;
  const query = params.query.trim();
  const overview = useLiveQuery<OverviewResponse>(
    JSON.stringify([view, ownerFilter, query, params.window]),
    async () => {
      if (ownerFilter && ownerFilter.length === 0) {
        // "My teams" for someone who owns nothing: nothing to ask for
        return { items: [], totalItems: 0 };
      }
      return api.getOverview({
        owner: ownerFilter,
        query: query || undefined,
        from: new Date(Date.now() - WINDOWS[params.window].ms).toISOString(),
      });
    },
    { enabled: view !== undefined && !ownersLoading },
  );

  const rows = useMemo(
    () =>
      overview.value
        ? sortRows(overview.value.items, params.sort, params.order)
        : [],
    [overview.value, params.sort, params.order],
  );

  let body: JSX.Element;
  if (!overview.value) {
    body = overview.error ? (
      <ResponseErrorPanel error={overview.error} />
    ) : (
      <Progress />
    );
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
            disabled={!ownersLoading && owners.length === 0}
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
          {(Object.keys(WINDOWS) as OverviewWindow[]).map(window => (
            <ToggleButton
              key={window}
              value={window}
              className={classes.toggle}
              aria-label={`Last ${WINDOWS[window].label}`}
            >
              {window}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </div>
      {overview.value && overview.error && (
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
 * The org-wide errors overview: every entity Periskop scrapes, with its
 * open, new and regressed errors, occurrences and target health; filtered
 * by ownership, text and time window, all kept in the URL.
 */
export const PeriskopOverviewPage = () => (
  <Page themeId="tool">
    <Header
      title="Errors"
      subtitle="Open errors of every service that Periskop scrapes"
    />
    <Content>
      <PeriskopOverviewContent />
    </Content>
  </Page>
);

/**
 * The overview inside a page of the new frontend system, whose page layout
 * already renders the header (title and icon of the page extension).
 */
export const PeriskopOverviewPageBody = () => (
  <Content>
    <PeriskopOverviewContent />
  </Content>
);
