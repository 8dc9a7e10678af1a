import { makeStyles } from '@material-ui/core';
import {
  ErrorSummary,
  SPARKLINE_HOURS,
} from '@periskop-backstage/plugin-periskop-common';
import { formatCount } from '../shared';
import { SummaryStat } from './SummaryStat';

const useStyles = makeStyles(theme => ({
  stats: {
    display: 'flex',
    gap: theme.spacing(4),
    flexWrap: 'wrap',
    marginBottom: theme.spacing(1),
  },
}));

/** The counts of the errors card, exact as the backend computes them. */
export const SummaryStats = (props: { summary: ErrorSummary }) => {
  const { summary } = props;
  const classes = useStyles();
  return (
    <div className={classes.stats}>
      <SummaryStat
        label="Open errors"
        value={formatCount(summary.openErrors)}
      />
      <SummaryStat
        label="Regressions"
        value={formatCount(summary.regressedErrors)}
        highlight={summary.regressedErrors > 0}
        hint="Resolved errors that occurred again"
      />
      <SummaryStat
        label={`New in ${SPARKLINE_HOURS} h`}
        value={formatCount(summary.newErrors)}
        hint={`Errors first seen in the last ${SPARKLINE_HOURS} hours`}
      />
      <SummaryStat
        label={`Occurrences in ${SPARKLINE_HOURS} h`}
        value={formatCount(summary.occurrences)}
      />
    </div>
  );
};
