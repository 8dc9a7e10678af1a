import {
  Box,
  IconButton,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
  },
  failed: {
    color: theme.palette.warning.dark,
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
}

/**
 * When the list was last refreshed, and a button to refresh it now. The
 * time is absolute ("updated 14:02:31") so it is right without re-rendering
 * every second; a failed refresh says so, because data that silently stops
 * updating is worse than an error mid-incident.
 */
export const LiveRefreshStatus = (props: LiveRefreshStatusProps) => {
  const { updatedAt, refreshError, onRefresh } = props;
  const classes = useStyles();
  const time =
    updatedAt === undefined
      ? undefined
      : new Date(updatedAt).toLocaleTimeString();

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
        time && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.time}
          >
            Updated {time}
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
