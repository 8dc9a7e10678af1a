import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import ReplayIcon from '@material-ui/icons/Replay';
import { parseEntityRef } from '@backstage/catalog-model';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { readableOnTheme } from './readableColors';
import { formatRelative } from './RelativeTime';

const useStyles = makeStyles(theme => {
  // outlined: the colour is the label's, on the card or page behind it
  const regressed = readableOnTheme(theme, theme.palette.error.main);
  const resolved = readableOnTheme(theme, theme.palette.success.main);
  return {
    badge: {
      height: 20,
      fontSize: theme.typography.caption.fontSize,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    regressed: { color: regressed, borderColor: regressed },
    resolved: { color: resolved, borderColor: resolved },
    icon: { color: 'inherit' },
  };
});

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
