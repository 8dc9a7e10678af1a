import { Link, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Typography, makeStyles } from '@material-ui/core';
import {
  OVERVIEW_SORT_FIELDS,
  OverviewRow,
} from '@periskop-backstage/plugin-periskop-common';
import { useMemo } from 'react';
import { useErrorsTabLink } from '../errorsTabLink';
import { formatCount, readableOnTheme } from '../shared';
import { OverviewTargetsCell } from './OverviewTargetsCell';
import {
  Order,
  OverviewParams,
  OverviewSort,
  OverviewView,
} from './overviewParams';

const useStyles = makeStyles(theme => ({
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
    color: readableOnTheme(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/** A row of the table; material-table keeps its state by `id`. */
type TableRow = OverviewRow & { id: string };

/** Props of {@link OverviewTable}. */
export interface OverviewTableProps {
  /** Sorted already (see `sortRows`). */
  rows: OverviewRow[];
  params: OverviewParams;
  view: OverviewView;
  /** New filters are loading; the rows are those of the previous ones. */
  loading: boolean;
  onSort: (sort: OverviewSort, order: Order) => void;
}

/** One row per entity: its errors, occurrences and target health. */
export const OverviewTable = (props: OverviewTableProps) => {
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
        {formatCount(value)}
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
        render: row => <OverviewTargetsCell row={row} />,
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
          (OVERVIEW_SORT_FIELDS as readonly string[]).includes(field)
        ) {
          onSort(field as OverviewSort, order);
        }
      }}
    />
  );
};
