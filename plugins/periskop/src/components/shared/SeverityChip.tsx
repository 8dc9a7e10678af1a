import { Chip, makeStyles } from '@material-ui/core';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import { severityChipColors } from './severityColors';

const useStyles = makeStyles(theme => {
  const colors = severityChipColors(theme);
  const chip = (severity: PeriskopSeverity) => ({
    backgroundColor: colors[severity].backgroundColor,
    color: colors[severity].color,
  });
  return { error: chip('error'), warning: chip('warning'), info: chip('info') };
});

/**
 * The severity of an error, coloured like Backstage's status palette, with
 * a label that meets WCAG 2 AA contrast in light and dark themes.
 */
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
