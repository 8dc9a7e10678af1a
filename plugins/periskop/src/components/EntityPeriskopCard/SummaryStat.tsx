import { Tooltip, Typography, makeStyles } from '@material-ui/core';
import { readableOnTheme } from '../shared';

const useStyles = makeStyles(theme => ({
  value: {
    fontSize: theme.typography.h4.fontSize,
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
  highlight: {
    color: readableOnTheme(theme, theme.palette.error.main),
  },
}));

/** Props of {@link SummaryStat}. */
export interface SummaryStatProps {
  label: string;
  value: string;
  /** Draws the value in the error colour (something needs attention). */
  highlight?: boolean;
  /** Explains the number on hover. */
  hint?: string;
}

/** One big number of the errors card, with its label under it. */
export const SummaryStat = (props: SummaryStatProps) => {
  const { label, value, highlight, hint } = props;
  const classes = useStyles();
  const content = (
    <div>
      <Typography
        component="div"
        className={`${classes.value} ${highlight ? classes.highlight : ''}`}
        aria-label={`${label}: ${value}`}
      >
        {value}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        {label}
      </Typography>
    </div>
  );
  return hint ? <Tooltip title={hint}>{content}</Tooltip> : content;
};
