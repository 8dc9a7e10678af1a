import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  Theme,
  makeStyles,
  useMediaQuery,
} from '@material-ui/core';
import {
  ErrorGroup,
  ErrorSortField,
} from '@periskop-backstage/plugin-periskop-common';
import { SPARKLINE_SPAN } from '../shared';
import { ErrorGroupRow } from './ErrorGroupRow';
import { SORT_LABELS } from './ErrorFilterBar';
import { ErrorListView, PAGE_SIZES } from './errorListView';
import { ErrorListViewState } from './useErrorListView';

const useStyles = makeStyles(theme => ({
  table: {
    transition: theme.transitions.create('opacity'),
  },
  stale: {
    // the rows of the previous filters stay until the new ones arrive, so
    // nothing jumps; dimmed, so nobody reads them as the answer
    opacity: 0.5,
  },
  head: {
    whiteSpace: 'nowrap',
  },
}));

/** Props of {@link ErrorGroupTable}. */
export interface ErrorGroupTableProps {
  items: ErrorGroup[];
  totalItems: number;
  view: ErrorListView;
  /** The rows belong to previous filters; the new ones are loading. */
  stale: boolean;
  setFilters: ErrorListViewState['setFilters'];
  setPage: ErrorListViewState['setPage'];
  /** Where a group's class links to (its details). */
  detailsLink(group: ErrorGroup): string;
  /** Adds a column naming each group's entity (a search across entities). */
  showEntity?: boolean;
  onOpen(id: string): void;
}

const SORTABLE_COLUMNS: Array<{ field: ErrorSortField; align?: 'right' }> = [
  { field: 'totalCount', align: 'right' },
  { field: 'firstSeen' },
  { field: 'lastSeen' },
];

/**
 * Whether the table has room for every column. On narrower screens "First
 * seen" goes (it is in the details and still a sort option), so that "Last
 * seen" never scrolls out of sight. Without `matchMedia` (tests, server
 * rendering) every column is shown.
 */
function useRoomForAllColumns(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'), {
    defaultMatches: true,
  });
}

/**
 * One page of error groups, paged and sorted by the backend. The sortable
 * headers and the sort control in the filter bar write the same URL
 * params, so they always agree.
 */
export const ErrorGroupTable = (props: ErrorGroupTableProps) => {
  const {
    items,
    totalItems,
    view,
    stale,
    setFilters,
    setPage,
    detailsLink,
    showEntity = false,
    onOpen,
  } = props;
  const classes = useStyles();
  const showFirstSeen = useRoomForAllColumns();
  const columns = SORTABLE_COLUMNS.filter(
    column => showFirstSeen || column.field !== 'firstSeen',
  );

  const sortBy = (field: ErrorSortField) =>
    setFilters(
      view.sort === field
        ? { order: view.order === 'desc' ? 'asc' : 'desc' }
        : // a new column starts with the most recent / most frequent first
          { sort: field, order: 'desc' },
    );

  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-label="Errors"
          aria-busy={stale}
          className={`${classes.table} ${stale ? classes.stale : ''}`}
        >
          <TableHead>
            <TableRow>
              <TableCell className={classes.head}>Error</TableCell>
              {showEntity && (
                <TableCell className={classes.head}>Entity</TableCell>
              )}
              <TableCell className={classes.head}>Severity</TableCell>
              <TableCell className={classes.head}>
                {`Last ${SPARKLINE_SPAN}`}
              </TableCell>
              {columns.map(({ field, align }) => (
                <TableCell
                  key={field}
                  align={align}
                  className={classes.head}
                  sortDirection={view.sort === field ? view.order : false}
                >
                  <TableSortLabel
                    active={view.sort === field}
                    direction={view.sort === field ? view.order : 'desc'}
                    onClick={() => sortBy(field)}
                  >
                    {SORT_LABELS[field]}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(group => (
              <ErrorGroupRow
                key={group.id}
                group={group}
                selected={group.id === view.errorId}
                detailsLink={detailsLink(group)}
                showEntity={showEntity}
                showFirstSeen={showFirstSeen}
                onOpen={onOpen}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={totalItems}
        page={Math.min(
          view.page - 1,
          Math.max(0, Math.ceil(totalItems / view.pageSize) - 1),
        )}
        rowsPerPage={view.pageSize}
        rowsPerPageOptions={[...PAGE_SIZES]}
        onPageChange={(_, page) => setPage(page + 1)}
        onRowsPerPageChange={event =>
          setFilters({ pageSize: Number(event.target.value) })
        }
      />
    </>
  );
};
