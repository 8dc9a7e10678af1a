import { Box, Button, Typography, makeStyles } from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import CloudUploadOutlinedIcon from '@material-ui/icons/CloudUploadOutlined';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import LinkOffIcon from '@material-ui/icons/LinkOff';
import SearchIcon from '@material-ui/icons/Search';
import { EmptyErrorListExplanation } from './explainEmptyErrorList';
import { AnnotationTargetsList } from './AnnotationTargetsList';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'flex-start',
    padding: theme.spacing(4, 3),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  icon: { fontSize: 40, flexShrink: 0 },
  ok: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
  text: { minWidth: 0 },
  detail: { marginTop: theme.spacing(0.5), overflowWrap: 'anywhere' },
  action: { marginTop: theme.spacing(2) },
}));

/** Props of {@link ErrorListEmptyState}. */
export interface ErrorListEmptyStateProps {
  explanation: EmptyErrorListExplanation;
  /** The annotation value, listed entry by entry when it is the problem. */
  annotation: string;
  onResetFilters(): void;
}

/**
 * What the tab shows instead of an empty table: the reason, in one
 * sentence, with what to do about it. Compact and inside the table's card,
 * so the filters stay in view and in reach.
 */
export const ErrorListEmptyState = (props: ErrorListEmptyStateProps) => {
  const { explanation, annotation, onResetFilters } = props;
  const classes = useStyles();

  let icon;
  switch (explanation.reason) {
    case 'down':
      icon = <CloudOffIcon className={`${classes.icon} ${classes.bad}`} />;
      break;
    case 'pending':
      icon = (
        <HourglassEmptyIcon className={`${classes.icon} ${classes.neutral}`} />
      );
      break;
    case 'no-targets':
      icon = <LinkOffIcon className={`${classes.icon} ${classes.bad}`} />;
      break;
    case 'no-pushes':
      // not a failure: a job that has not pushed yet is waiting for setup
      icon = (
        <CloudUploadOutlinedIcon
          className={`${classes.icon} ${classes.neutral}`}
        />
      );
      break;
    default:
      icon = explanation.canResetFilters ? (
        <SearchIcon className={`${classes.icon} ${classes.neutral}`} />
      ) : (
        <CheckCircleOutlineIcon className={`${classes.icon} ${classes.ok}`} />
      );
  }

  return (
    <Box className={classes.root} role="status" data-testid="errors-empty">
      {icon}
      <Box className={classes.text}>
        <Typography variant="h6" component="p">
          {explanation.title}
        </Typography>
        {explanation.details.map(detail => (
          <Typography
            key={detail}
            variant="body2"
            color="textSecondary"
            className={classes.detail}
          >
            {detail}
          </Typography>
        ))}
        {explanation.reason === 'no-targets' && (
          <Box mt={1}>
            <AnnotationTargetsList annotation={annotation} />
          </Box>
        )}
        {explanation.canResetFilters && (
          <Button
            variant="outlined"
            size="small"
            color="primary"
            className={classes.action}
            onClick={onResetFilters}
          >
            Reset filters
          </Button>
        )}
      </Box>
    </Box>
  );
};
