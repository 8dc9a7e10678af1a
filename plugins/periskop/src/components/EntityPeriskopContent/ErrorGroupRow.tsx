import {
  Box,
  Link,
  TableCell,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { MouseEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import {
  RelativeTime,
  SPARKLINE_SPAN,
  SeverityChip,
  Sparkline,
  formatCount,
  ErrorGroupStatusBadges,
} from '../shared';

const useStyles = makeStyles(theme => ({
  row: {
    cursor: 'pointer',
    verticalAlign: 'top',
  },
  errorCell: {
    // long class names and messages wrap instead of widening the table
    overflowWrap: 'anywhere',
    minWidth: 240,
  },
  titleLine: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  className: {
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: theme.typography.body2.fontSize,
  },
  message: {
    marginTop: theme.spacing(0.25),
    whiteSpace: 'pre-line',
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  key: {
    marginTop: theme.spacing(0.5),
    fontFamily:
      'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: '0.75rem',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: 640,
  },
  number: {
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  nowrap: { whiteSpace: 'nowrap' },
  entityCell: { overflowWrap: 'anywhere', minWidth: 120 },
}));

/** Props of {@link ErrorGroupRow}. */
export interface ErrorGroupRowProps {
  group: ErrorGroup;
  /** Whether this group's details are open. */
  selected: boolean;
  /** The link that opens this group's details (a search string, or a path). */
  detailsLink: string;
  /** Whether a cell names the group's entity. */
  showEntity?: boolean;
  /** Whether the "First seen" column is shown. */
  showFirstSeen: boolean;
  onOpen(id: string): void;
}

/**
 * One error group in the table. The class is a real link (middle-click,
 * copy link address) to the same view with the details open; clicking
 * anywhere else on the row opens them too, unless text is being selected,
 * so messages and keys stay copyable.
 *
 * Every text from the service (class, message, key) is rendered as React
 * text, never as HTML: errors routinely carry request input.
 */
export const ErrorGroupRow = (props: ErrorGroupRowProps) => {
  const { group, selected, detailsLink, showEntity, showFirstSeen, onOpen } =
    props;
  const classes = useStyles();

  const onRowClick = (event: MouseEvent<HTMLTableRowElement>) => {
    const target = event.target as Element;
    if (target.closest('a, button')) return; // they handle themselves
    if (window.getSelection()?.toString()) return; // selecting, not opening
    onOpen(group.id);
  };

  return (
    <TableRow
      hover
      selected={selected}
      className={classes.row}
      onClick={onRowClick}
      data-testid={`error-row-${group.id}`}
    >
      <TableCell className={classes.errorCell}>
        <Box className={classes.titleLine}>
          <Link
            component={RouterLink}
            to={detailsLink}
            className={classes.className}
            color="textPrimary"
          >
            {group.class || '(no class)'}
          </Link>
          <ErrorGroupStatusBadges group={group} />
        </Box>
        <Typography
          variant="body2"
          className={classes.message}
          title={group.message}
        >
          {group.message}
        </Typography>
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.key}
          title={group.aggregationKey}
        >
          {group.aggregationKey}
        </Typography>
      </TableCell>
      {showEntity && (
        <TableCell className={classes.entityCell}>
          <EntityRefLink entityRef={group.entityRef} defaultKind="component" />
        </TableCell>
      )}
      <TableCell>
        <SeverityChip severity={group.severity} />
      </TableCell>
      <TableCell>
        {group.sparkline ? (
          <Sparkline
            values={group.sparkline}
            label={`${formatCount(
              group.sparkline.reduce((sum, n) => sum + n, 0),
            )} occurrences in the last ${SPARKLINE_SPAN}`}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            –
          </Typography>
        )}
      </TableCell>
      <TableCell align="right" className={classes.number}>
        <Typography variant="body2" className={classes.number}>
          {formatCount(group.totalCount)}
        </Typography>
      </TableCell>
      {showFirstSeen && (
        <TableCell className={classes.nowrap}>
          <RelativeTime time={group.firstSeen} />
        </TableCell>
      )}
      <TableCell className={classes.nowrap}>
        <RelativeTime time={group.lastSeen} />
      </TableCell>
    </TableRow>
  );
};
