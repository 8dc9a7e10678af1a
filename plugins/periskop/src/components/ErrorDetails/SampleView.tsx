import { Typography, makeStyles } from '@material-ui/core';
import { Sample } from '@periskop-backstage/plugin-periskop-common';
import { ReactNode } from 'react';
import { RelativeTime, SeverityChip } from '../shared';
import { CopyButton } from './CopyButton';
import { ErrorChain } from './ErrorChain';
import { MONOSPACE_FONT } from './fonts';
import { formatErrorChain } from './formatErrorChain';
import { HttpContextView } from './HttpContextView';
import { SubSection } from './SubSection';

const useStyles = makeStyles(theme => ({
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1, 4),
    margin: 0,
    marginBottom: theme.spacing(2.5),
    padding: theme.spacing(1.5, 2),
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
  metaItem: {
    minWidth: 0,
    '& dd': { margin: 0, minHeight: 24, display: 'flex', alignItems: 'center' },
  },
  metaLabel: {
    color: theme.palette.text.secondary,
    fontSize: '0.7rem',
    letterSpacing: '0.06em',
    textTransform: 'uppercase',
  },
  mono: {
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.8rem',
    overflowWrap: 'anywhere',
  },
  absolute: {
    marginLeft: theme.spacing(1),
  },
}));

const Meta = (props: { label: string; children: ReactNode }) => {
  const classes = useStyles();
  return (
    <div className={classes.metaItem}>
      <dt className={classes.metaLabel}>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
};

/**
 * One sample: when, how severe and on which instance it was recorded, its
 * stack trace with the cause chain (copyable as a whole), and the HTTP
 * request it happened in, if the client recorded one.
 */
export const SampleView = ({ sample }: { sample: Sample }) => {
  const classes = useStyles();
  return (
    <div data-testid="sample">
      <dl className={classes.meta}>
        <Meta label="Recorded">
          <RelativeTime time={sample.timestamp} />
          <Typography
            variant="caption"
            color="textSecondary"
            className={classes.absolute}
          >
            {new Date(sample.timestamp).toLocaleString()}
          </Typography>
        </Meta>
        <Meta label="Severity">
          <SeverityChip severity={sample.severity} />
        </Meta>
        <Meta label="Instance">
          <span className={classes.mono}>{sample.instance}</span>
        </Meta>
        <Meta label="Sample id">
          <span className={classes.mono}>{sample.uuid}</span>
        </Meta>
      </dl>

      <SubSection
        label="Stack trace"
        action={
          <CopyButton
            text={formatErrorChain(sample.error)}
            what="stack trace"
          />
        }
      >
        <ErrorChain error={sample.error} />
      </SubSection>

      {sample.httpContext ? (
        <HttpContextView context={sample.httpContext} />
      ) : (
        <SubSection label="Request">
          <Typography variant="body2" color="textSecondary">
            The client recorded no HTTP request with this sample.
          </Typography>
        </SubSection>
      )}
    </div>
  );
};
