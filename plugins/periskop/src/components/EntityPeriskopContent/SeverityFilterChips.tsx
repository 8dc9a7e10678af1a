import { Box, Chip, Typography, makeStyles } from '@material-ui/core';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';

const useStyles = makeStyles(theme => ({
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
    marginLeft: theme.spacing(0.75),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  error: { backgroundColor: theme.palette.error.main },
  warning: { backgroundColor: theme.palette.warning.main },
  info: { backgroundColor: theme.palette.info.main },
  selectederror: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    '& .MuiChip-icon': { color: 'inherit' },
    '&:hover, &:focus': { backgroundColor: theme.palette.error.dark },
  },
  selectedwarning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
    '& .MuiChip-icon': { color: 'inherit' },
    '&:hover, &:focus': { backgroundColor: theme.palette.warning.dark },
  },
  selectedinfo: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
    '& .MuiChip-icon': { color: 'inherit' },
    '&:hover, &:focus': { backgroundColor: theme.palette.info.dark },
  },
  selectedDot: { backgroundColor: 'currentColor' },
}));

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
            aria-label={
              count === undefined
                ? LABELS[severity]
                : `${LABELS[severity]}: ${count} ${
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
                {LABELS[severity]}
                <span
                  className={classes.count}
                  data-testid={`severity-count-${severity}`}
                >
                  {count === undefined ? '–' : count.toLocaleString('en-US')}
                </span>
              </>
            }
          />
        );
      })}
    </Box>
  );
};
