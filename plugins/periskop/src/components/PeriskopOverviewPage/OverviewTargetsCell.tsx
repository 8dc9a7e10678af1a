import { Tooltip, Typography, makeStyles } from '@material-ui/core';
import { readableOnTheme } from '../shared';
import { OverviewRow } from '@periskop-backstage/plugin-periskop-common';

const useStyles = makeStyles(theme => ({
  muted: {
    color: theme.palette.text.secondary,
  },
  alarm: {
    color: readableOnTheme(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/**
 * Targets up of all targets of one entity, red when not all are up;
 * "pushed" for an entity whose jobs push their errors.
 */
export const OverviewTargetsCell = (props: { row: OverviewRow }) => {
  const classes = useStyles();
  const { targetsUp, targetsTotal, pushOnly } = props.row;
  if (pushOnly && targetsTotal === 0) {
    return (
      <Tooltip title="Its errors are pushed by its jobs; there is nothing to scrape">
        <Typography variant="body2" className={classes.muted}>
          pushed
        </Typography>
      </Tooltip>
    );
  }
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
