import { Button, Typography, makeStyles } from '@material-ui/core';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import { MONOSPACE_FONT } from './fonts';
import { scrollableRegionProps } from './scrollableRegion';

/** Lines shown while a long trace is collapsed. */
export const COLLAPSED_LINES = 15;
/** A trace is only collapsed when that hides a worthwhile number of lines. */
const COLLAPSE_ABOVE = COLLAPSED_LINES + 5;

const useStyles = makeStyles(theme => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1, 1.5),
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.8rem',
    lineHeight: 1.55,
    whiteSpace: 'pre',
    tabSize: 4,
    overflowX: 'auto',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    color: theme.palette.text.primary,
  },
  toggle: {
    marginTop: theme.spacing(0.5),
    textTransform: 'none',
  },
}));

/**
 * The frames of one error verbatim in monospace (tabs and the carets of
 * Python tracebacks stay aligned, long lines scroll sideways). Traces much
 * longer than {@link COLLAPSED_LINES} lines start collapsed with a button to
 * show all of them. The trace is a named region a keyboard can focus and
 * scroll, called `label` ("Stack trace" by default).
 */
export const StackTrace = ({
  frames,
  label = 'Stack trace',
}: {
  frames: string[];
  label?: string;
}) => {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);

  if (frames.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The client recorded no stack trace.
      </Typography>
    );
  }

  const collapsible = frames.length > COLLAPSE_ABOVE;
  const shown =
    collapsible && !expanded ? frames.slice(0, COLLAPSED_LINES) : frames;

  return (
    <div>
      <pre
        className={classes.pre}
        data-testid="stack-trace"
        {...scrollableRegionProps(label)}
      >
        {shown.join('\n')}
      </pre>
      {collapsible && (
        <Button
          size="small"
          color="primary"
          className={classes.toggle}
          startIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded
            ? `Show the first ${COLLAPSED_LINES} lines only`
            : `Show all ${frames.length} lines`}
        </Button>
      )}
    </div>
  );
};
