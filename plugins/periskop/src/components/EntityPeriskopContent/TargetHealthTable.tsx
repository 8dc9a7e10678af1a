import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { TargetHealth } from '@periskop-backstage/plugin-periskop-common';
import {
  RelativeTime,
  formatCount,
  isPushedInstance,
  readableOnTheme,
} from '../shared';

const MONO =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

const useStyles = makeStyles(theme => ({
  head: { whiteSpace: 'nowrap' },
  status: {
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
    // the Status components default to body1; match the other cells
    '& > span': { fontSize: theme.typography.body2.fontSize },
  },
  target: { verticalAlign: 'top', minWidth: 260, width: '100%' },
  url: { fontFamily: MONO, fontSize: '0.8125rem', overflowWrap: 'anywhere' },
  instance: {
    fontFamily: MONO,
    fontSize: '0.75rem',
    overflowWrap: 'anywhere',
  },
  nowrap: { whiteSpace: 'nowrap', verticalAlign: 'top' },
  number: {
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
    fontVariantNumeric: 'tabular-nums',
  },
  lastError: {
    color: readableOnTheme(theme, theme.palette.error.main),
    overflowWrap: 'anywhere',
    marginTop: theme.spacing(0.5),
  },
  warning: { overflowWrap: 'anywhere' },
}));

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const TargetStatus = (props: { target: TargetHealth }) => {
  const { target } = props;
  if (isPushedInstance(target)) {
    // whether it pushed lately says nothing about its health: a batch job
    // pushes once when it ends
    return <StatusOK>Pushed</StatusOK>;
  }
  if (target.lastScrapeAt === null) {
    return <StatusPending>Pending</StatusPending>;
  }
  return target.up ? <StatusOK>Up</StatusOK> : <StatusError>Down</StatusError>;
};

/** "35 ms · 51.7 kB": what the last scrape (or push) cost. */
function describeScrape(target: TargetHealth): string {
  return [
    target.durationMs !== null
      ? `${formatCount(target.durationMs)} ms`
      : undefined,
    target.payloadBytes !== null ? formatBytes(target.payloadBytes) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * One target: status, where it is (or which process pushed), what went
 * wrong under it, when it was last read and what that cost.
 */
const TargetHealthRow = (props: { target: TargetHealth }) => {
  const { target } = props;
  const classes = useStyles();
  const pushed = isPushedInstance(target);
  return (
    <TableRow>
      <TableCell className={classes.status}>
        <TargetStatus target={target} />
      </TableCell>
      <TableCell className={classes.target}>
        {pushed ? (
          // the `push:` URL only repeats the process id
          <>
            <Typography className={classes.url}>{target.instance}</Typography>
            <Typography
              color="textSecondary"
              className={classes.instance}
              title="A process that pushed its errors (its target_uuid)"
            >
              pushed instance
            </Typography>
          </>
        ) : (
          <Typography className={classes.url}>{target.url}</Typography>
        )}
        {!pushed && target.instance && target.instance !== target.url && (
          <Typography
            color="textSecondary"
            className={classes.instance}
            title="The process behind this URL (its target_uuid)"
          >
            instance {target.instance}
          </Typography>
        )}
        {!pushed && target.source && target.source !== target.url && (
          <Typography color="textSecondary" className={classes.instance}>
            from {target.source}
          </Typography>
        )}
        {/* the problem sits under its URL: read together, and no
            column to scroll to on a narrow screen */}
        {target.lastError && (
          <Typography variant="body2" className={classes.lastError}>
            {target.lastError}
          </Typography>
        )}
        {target.firstWarning && (
          <Typography
            variant="caption"
            color="textSecondary"
            display="block"
            className={classes.warning}
          >
            Skipped {target.firstWarning}
          </Typography>
        )}
        {target.limitNotice && (
          <Typography
            variant="caption"
            color="textSecondary"
            display="block"
            className={classes.warning}
          >
            {target.limitNotice}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.nowrap}>
        {pushed ? (
          <Typography variant="body2">
            last push <RelativeTime time={target.lastScrapeAt} />
          </Typography>
        ) : (
          <RelativeTime time={target.lastScrapeAt} />
        )}
        {target.lastScrapeAt !== null && (
          <Typography variant="caption" color="textSecondary" display="block">
            {describeScrape(target)}
          </Typography>
        )}
        {/* for a target that is up, the last success is the last scrape;
            a pushed instance is never down */}
        {target.lastScrapeAt !== null && !target.up && !pushed && (
          <Typography variant="caption" color="textSecondary" display="block">
            last success{' '}
            {target.lastSuccessAt ? (
              <RelativeTime time={target.lastSuccessAt} />
            ) : (
              'never'
            )}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right" className={classes.number}>
        {target.errorKeys === null ? '–' : formatCount(target.errorKeys)}
      </TableCell>
      <TableCell align="right" className={classes.number}>
        {formatCount(target.warnings ?? 0)}
      </TableCell>
    </TableRow>
  );
};

/** The table's name and time column, after the kinds of rows it has. */
function describeRows(targets: TargetHealth[]): {
  label: string;
  timeHeader: string;
} {
  const pushed = targets.filter(isPushedInstance).length;
  if (pushed === 0) {
    return { label: 'Scrape targets', timeHeader: 'Last scrape' };
  }
  if (pushed === targets.length) {
    return { label: 'Pushed instances', timeHeader: 'Last push' };
  }
  return {
    label: 'Scrape targets and pushed instances',
    timeHeader: 'Last scrape or push',
  };
}

/**
 * Every scrape target of an entity with what an operator checks first: up
 * or down, when it was last scraped (and, if down, last scraped
 * successfully), how many error keys it reports, how many malformed items
 * were skipped, and the last error in the backend's words, under its URL.
 * Instances that pushed their errors are listed too, as "Pushed" with
 * their last push: they are never down.
 */
export const TargetHealthTable = (props: { targets: TargetHealth[] }) => {
  const classes = useStyles();
  const { label, timeHeader } = describeRows(props.targets);
  return (
    <TableContainer>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.head}>Status</TableCell>
            <TableCell className={classes.head}>Target</TableCell>
            <TableCell className={classes.head}>{timeHeader}</TableCell>
            <TableCell align="right" className={classes.head}>
              Error keys
            </TableCell>
            <TableCell align="right" className={classes.head}>
              Warnings
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.targets.map(target => (
            <TargetHealthRow key={target.url} target={target} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
