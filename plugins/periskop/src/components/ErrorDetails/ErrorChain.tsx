import { Typography, makeStyles } from '@material-ui/core';
import { SampleError } from '@periskop-backstage/plugin-periskop-common';
import { MONOSPACE_FONT } from './fonts';
import { StackTrace } from './StackTrace';

const useStyles = makeStyles(theme => ({
  headline: {
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.85rem',
    marginBottom: theme.spacing(0.75),
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  className: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  causedBy: {
    color: theme.palette.text.secondary,
    fontFamily: theme.typography.fontFamily,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  cause: {
    marginTop: theme.spacing(2),
    paddingLeft: theme.spacing(1.5),
    borderLeft: `3px solid ${theme.palette.divider}`,
  },
}));

/**
 * An error's headline (`Class: message`, as text) and stack trace, followed
 * recursively by its cause: "Caused by: Class: message" and the cause's
 * frames, each cause nested and indented under the error it caused.
 */
export const ErrorChain = ({
  error,
  depth = 0,
}: {
  error: SampleError;
  depth?: number;
}) => {
  const classes = useStyles();
  return (
    <div
      className={depth > 0 ? classes.cause : undefined}
      data-testid={depth > 0 ? 'error-cause' : 'error-chain'}
    >
      <Typography component="div" className={classes.headline}>
        {depth > 0 && <span className={classes.causedBy}>Caused by: </span>}
        <span className={classes.className}>{error.class}</span>
        {error.message ? `: ${error.message}` : null}
      </Typography>
      <StackTrace
        frames={error.stacktrace}
        label={`Stack trace of ${depth > 0 ? 'the cause ' : ''}${error.class}`}
      />
      {error.cause && <ErrorChain error={error.cause} depth={depth + 1} />}
    </div>
  );
};
