import { Box, Chip, Typography, makeStyles } from '@material-ui/core';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import { formatCount, severityChipColors } from '../shared';

const useStyles = makeStyles(theme => {
  const colors = severityChipColors(theme);
  const dot = (severity: PeriskopSeverity) => ({
    backgroundColor: colors[severity].backgroundColor,
  });
  const selected = (severity: PeriskopSeverity) => ({
    backgroundColor: colors[severity].backgroundColor,
    color: colors[severity].color,
    '& .MuiChip-icon': { color: 'inherit' },
    '&:hover, &:focus': {
      backgroundColor: colors[severity].hover.backgroundColor,
      color: colors[severity].hover.color,
    },
  });
  return {
    group: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    dot: {
      width: 8,
      height: 8,
      borderRadius: '50%',
      marginLeft: theme.spacing(1),
    },
    count: {
      fontVariantNumeric: 'tabular-nums',
      // after a space (which keeps label and count apart in the accessible
      // name as well)
      marginLeft: theme.spacing(0.25),
      fontWeight: theme.typography.fontWeightBold as number,
    },
    error: dot('error'),
    warning: dot('warning'),
    info: dot('info'),
    selectederror: selected('error'),
    selectedwarning: selected('warning'),
    selectedinfo: selected('info'),
    selectedDot: { backgroundColor: 'currentColor' },
  };
});

/** Props of {@link SeverityFilterChips}. */
export interface SeverityFilterChipsProps {
  /** Selected severities; none selected means every severity is listed. */
  selected: PeriskopSeverity[];
  /** Groups per severity under all the other filters; unknown while loading. */
  counts: Record<PeriskopSeverity, number> | undefined;
  onChange(selected: PeriskopSeverity[]): void;
}

const LABELS: Record<PeriskopSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

/**
 * Toggle chips for the severity filter. Several can be on at once; the
 * counts come from the backend's `severityCounts`, which ignore the
 * severity filter itself, so a chip tells how many groups switching it on
 * would add.
 */
export const SeverityFilterChips = (props: SeverityFilterChipsProps) => {
  const { selected, counts, onChange } = props;
  const classes = useStyles();

  const toggle = (severity: PeriskopSeverity) =>
    onChange(
      selected.includes(severity)
        ? selected.filter(s => s !== severity)
        : PERISKOP_SEVERITIES.filter(
            s => s === severity || selected.includes(s),
          ),
    );

  return (
    <Box className={classes.group} role="group" aria-label="Severity">
      <Typography variant="body2" color="textSecondary" component="span">
        Severity
      </Typography>
      {PERISKOP_SEVERITIES.map(severity => {
        const on = selected.includes(severity);
        const count = counts?.[severity];
        return (
          <Chip
            key={severity}
            size="small"
            clickable
            variant={on ? 'default' : 'outlined'}
            className={on ? classes[`selected${severity}`] : undefined}
            aria-pressed={on}
            // begins with the visible label and count (WCAG 2.5.3, label
            // in name), then says what the count counts
            aria-label={
              count === undefined
                ? LABELS[severity]
                : `${LABELS[severity]} ${formatCount(count)} ${
                    count === 1 ? 'group' : 'groups'
                  }`
            }
            onClick={() => toggle(severity)}
            icon={
              <span
                className={`${classes.dot} ${
                  on ? classes.selectedDot : classes[severity]
                }`}
              />
            }
            label={
              <>
                {LABELS[severity]}{' '}
                <span
                  className={classes.count}
                  data-testid={`severity-count-${severity}`}
                >
                  {count === undefined ? '–' : formatCount(count)}
                </span>
              </>
            }
          />
        );
      })}
    </Box>
  );
};
