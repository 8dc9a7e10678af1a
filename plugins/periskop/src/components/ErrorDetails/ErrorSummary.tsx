import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { Typography, makeStyles } from '@material-ui/core';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { ReactNode } from 'react';
import { RelativeTime, SeverityChip } from '../shared';
import { CopyButton } from './CopyButton';
import { MONOSPACE_FONT } from './fonts';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: theme.spacing(2, 3),
    margin: 0,
  },
  item: {
    minWidth: 0,
    '& dd': { margin: 0, marginTop: theme.spacing(0.5) },
  },
  wide: {
    gridColumn: '1 / -1',
  },
  label: {
    color: theme.palette.text.secondary,
    fontSize: '0.7rem',
    letterSpacing: '0.06em',
    textTransform: 'uppercase',
  },
  key: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  keyText: {
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.85rem',
    padding: theme.spacing(0.5, 1),
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
    overflowWrap: 'anywhere',
    whiteSpace: 'pre-wrap',
  },
  count: {
    fontSize: '1.5rem',
    lineHeight: 1.2,
    fontWeight: theme.typography.fontWeightMedium as number,
    fontVariantNumeric: 'tabular-nums',
  },
}));

const Item = (props: {
  label: string;
  wide?: boolean;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <div className={`${classes.item} ${props.wide ? classes.wide : ''}`}>
      <dt className={classes.label}>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
};

/** Open, open after a regression, or resolved, as a coloured status. */
const GroupStatus = ({ group }: { group: ErrorGroup }) => {
  if (group.status === 'resolved') return <StatusOK>Resolved</StatusOK>;
  if (group.regressed) return <StatusWarning>Open (regressed)</StatusWarning>;
  return <StatusError>Open</StatusError>;
};

/**
 * The facts of an error group at a glance: its aggregation key (copyable),
 * lifetime occurrences, severity, status and first and last occurrence.
 */
export const ErrorSummary = ({ group }: { group: ErrorGroup }) => {
  const classes = useStyles();
  return (
    <dl className={classes.list} data-testid="error-summary">
      <Item label="Aggregation key" wide>
        <div className={classes.key}>
          <code className={classes.keyText} data-testid="aggregation-key">
            {group.aggregationKey}
          </code>
          <CopyButton
            text={group.aggregationKey}
            what="aggregation key"
            variant="icon"
          />
        </div>
      </Item>
      <Item label="Occurrences">
        <Typography className={classes.count} data-testid="total-count">
          {group.totalCount.toLocaleString('en-US')}
        </Typography>
      </Item>
      <Item label="Severity">
        <SeverityChip severity={group.severity} />
      </Item>
      <Item label="Status">
        <Typography variant="body2" component="div">
          <GroupStatus group={group} />
        </Typography>
      </Item>
      <Item label="First seen">
        <RelativeTime time={group.firstSeen} />
      </Item>
      <Item label="Last seen">
        <RelativeTime time={group.lastSeen} />
      </Item>
    </dl>
  );
};
