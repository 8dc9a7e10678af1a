import {
  Box,
  IconButton,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import type { LiveRefresh } from '../shared';
import { readableOnTheme } from '../shared';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
  },
  failed: {
    color: readableOnTheme(theme, theme.palette.warning.dark),
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  time: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
}));

/** Props of {@link LiveRefreshStatus}. */
export interface LiveRefreshStatusProps {
  /** When the shown data was fetched (ms since epoch). */
  updatedAt: number | undefined;
  /** Why the last automatic refresh failed, if it did. */
  refreshError: Error | undefined;
  onRefresh(): void;
  /** How the data is kept fresh (see `useLiveRefresh`); not said when absent. */
  refresh?: Pick<LiveRefresh, 'mode' | 'intervalSeconds'>;
}

/** What the status says about the data's age and freshness, and why. */
function describeRefresh(
  refresh: LiveRefreshStatusProps['refresh'],
  time: string | undefined,
): { text: string | undefined; title?: string } {
  if (refresh?.mode === 'signal') {
    return {
      text: time ? `Live, updated ${time}` : 'Live',
      title:
        'Refreshed as soon as the backend reports a change of these errors',
    };
  }
  if (refresh?.mode === 'polling') {
    const every = `every ${refresh.intervalSeconds} s`;
    return {
      text: time ? `Updated ${time}, refreshes ${every}` : `Refreshes ${every}`,
      title:
        'Refreshed at the backend’s scrape interval; with the Backstage signals plugin installed in both the app and the backend, refreshed as soon as the errors change',
    };
  }
  return { text: time && `Updated ${time}` };
}

/**
 * When the list was last refreshed, how it is kept fresh ("Live" with
 * signals, "refreshes every 15 s" without), and a button to refresh it
 * now. The time is absolute ("updated 14:02:31") so it is right without
 * re-rendering every second; a failed refresh says so, because data that
 * silently stops updating is worse than an error mid-incident.
 */
export const LiveRefreshStatus = (props: LiveRefreshStatusProps) => {
  const { updatedAt, refreshError, onRefresh, refresh } = props;
  const classes = useStyles();
  const time =
    updatedAt === undefined
      ? undefined
      : new Date(updatedAt).toLocaleTimeString();
  const status = describeRefresh(refresh, time);

  return (
    <Box className={classes.root}>
      {refreshError ? (
        <Typography
          variant="body2"
          className={classes.failed}
          title={refreshError.message}
          role="alert"
        >
          <WarningIcon fontSize="small" />
          Refresh failed{time ? `, showing data from ${time}` : ''}
        </Typography>
      ) : (
        status.text && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.time}
            title={status.title}
          >
            {status.text}
          </Typography>
        )
      )}
      <Tooltip title="Refresh now">
        <IconButton size="small" aria-label="Refresh now" onClick={onRefresh}>
          <RefreshIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
};
