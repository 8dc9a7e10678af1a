import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { ErrorInstanceCount } from '@periskop-backstage/plugin-periskop-common';
import { RelativeTime } from '../shared';
import { MONOSPACE_FONT } from './fonts';

const useStyles = makeStyles(theme => ({
  instance: {
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.8rem',
    overflowWrap: 'anywhere',
  },
  number: {
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  scroll: {
    overflowX: 'auto',
    '& th': { whiteSpace: 'nowrap' },
  },
  share: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  track: {
    [theme.breakpoints.down('xs')]: { display: 'none' },
    flex: '0 0 64px',
    height: 6,
    borderRadius: 3,
    backgroundColor: theme.palette.divider,
    overflow: 'hidden',
  },
  fill: {
    height: '100%',
    backgroundColor: theme.palette.error.main,
  },
}));

/**
 * How often each instance (process) reported the group, the busiest first,
 * with its share of the total, so that one bad pod stands out.
 */
export const InstancesTable = ({
  instances,
}: {
  instances: ErrorInstanceCount[];
}) => {
  const classes = useStyles();
  if (instances.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No instance has reported a count yet.
      </Typography>
    );
  }
  const sorted = [...instances].sort(
    (a, b) =>
      b.totalCount - a.totalCount || b.lastSeen.localeCompare(a.lastSeen),
  );
  const sum = sorted.reduce((total, i) => total + i.totalCount, 0);

  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label="Occurrences per instance">
        <TableHead>
          <TableRow>
            <TableCell>Instance</TableCell>
            <TableCell align="right">Occurrences</TableCell>
            <TableCell>Share</TableCell>
            <TableCell>Last seen</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map(row => {
            const share = sum > 0 ? row.totalCount / sum : 0;
            return (
              <TableRow key={row.instance} data-testid="instance-row">
                <TableCell className={classes.instance}>
                  {row.instance}
                </TableCell>
                <TableCell align="right" className={classes.number}>
                  {row.totalCount.toLocaleString('en-US')}
                </TableCell>
                <TableCell>
                  <div className={classes.share}>
                    <div className={classes.track} aria-hidden>
                      <div
                        className={classes.fill}
                        style={{ width: `${Math.round(share * 100)}%` }}
                      />
                    </div>
                    <Typography variant="body2" component="span">
                      {Math.round(share * 100)}%
                    </Typography>
                  </div>
                </TableCell>
                <TableCell className={classes.number}>
                  <RelativeTime time={row.lastSeen} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
};
