import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import ReplayIcon from '@material-ui/icons/Replay';
import { parseEntityRef } from '@backstage/catalog-model';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { formatRelative } from './RelativeTime';

const useStyles = makeStyles(theme => ({
  badge: {
    height: 20,
    fontSize: theme.typography.caption.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  regressed: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  resolved: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  icon: { color: 'inherit' },
}));

function userName(ref: string): string {
  try {
    return parseEntityRef(ref, { defaultKind: 'user' }).name;
  } catch {
    return ref;
  }
}

/**
 * The lifecycle markers of an error group: "Regressed" on a group that
 * occurred again after it was resolved (the ones to look at first), and
 * "Resolved" on resolved groups, each explaining itself on hover.
 */
export const ErrorGroupStatusBadges = (props: { group: ErrorGroup }) => {
  const { group } = props;
  const classes = useStyles();
  return (
    <>
      {group.status === 'open' && group.regressed && (
        <Tooltip
          title={
            group.regressedAt
              ? `Occurred again ${formatRelative(
                  group.regressedAt,
                )} after it was resolved (${group.regressedAt})`
              : 'Occurred again after it was resolved'
          }
        >
          <Chip
            size="small"
            variant="outlined"
            label="Regressed"
            icon={<ReplayIcon className={classes.icon} />}
            className={`${classes.badge} ${classes.regressed}`}
          />
        </Tooltip>
      )}
      {group.status === 'resolved' && (
        <Tooltip
          title={[
            'Resolved',
            group.resolvedBy ? `by ${userName(group.resolvedBy)}` : '',
            group.resolvedAt
              ? `${formatRelative(group.resolvedAt)} (${group.resolvedAt})`
              : '',
          ]
            .filter(Boolean)
            .join(' ')}
        >
          <Chip
            size="small"
            variant="outlined"
            label="Resolved"
            icon={<CheckIcon className={classes.icon} />}
            className={`${classes.badge} ${classes.resolved}`}
          />
        </Tooltip>
      )}
    </>
  );
};
