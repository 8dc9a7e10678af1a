import { Chip, makeStyles } from '@material-ui/core';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';

const useStyles = makeStyles(theme => ({
  error: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  info: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
}));

/** The severity of an error, coloured like Backstage's status palette. */
export const SeverityChip = (props: {
  severity: PeriskopSeverity | string;
}) => {
  const classes = useStyles();
  // a newer client may report a severity this UI has no colour for
  const known = (PERISKOP_SEVERITIES as readonly string[]).includes(
    props.severity,
  );
  return (
    <Chip
      size="small"
      label={props.severity}
      className={
        known ? classes[props.severity as PeriskopSeverity] : undefined
      }
    />
  );
};
