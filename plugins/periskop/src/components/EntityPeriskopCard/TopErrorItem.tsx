import { Link } from '@backstage/core-components';
import { Box, ListItem, Typography, makeStyles } from '@material-ui/core';
import {
  ErrorGroup,
  SPARKLINE_HOURS,
} from '@periskop-backstage/plugin-periskop-common';
import {
  RelativeTime,
  SPARKLINE_SPAN,
  Sparkline,
  formatCount,
  ErrorGroupStatusBadges,
} from '../shared';

const useStyles = makeStyles(theme => ({
  item: { padding: 0 },
  link: {
    flex: 1,
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    // a dense list item's padding
    padding: theme.spacing(0.5, 1),
    color: 'inherit',
    '&:hover': {
      textDecoration: 'none',
      backgroundColor: theme.palette.action.hover,
    },
  },
  text: {
    flex: 1,
    minWidth: 0,
  },
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minWidth: 0,
  },
  errorClass: {
    fontFamily: 'monospace',
    fontWeight: theme.typography.fontWeightMedium as number,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  message: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  activity: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    flexShrink: 0,
  },
}));

/** Props of {@link TopErrorItem}. */
export interface TopErrorItemProps {
  /** An open group with its hourly `sparkline`. */
  group: ErrorGroup;
  /** Where the item leads: the group's details on the Errors tab. */
  to: string;
}

/**
 * One of the most frequent errors on the errors card: class, message, a
 * regression badge, its recent activity and when it was last seen.
 */
export const TopErrorItem = (props: TopErrorItemProps) => {
  const { group, to } = props;
  const classes = useStyles();
  const sparkline = group.sparkline ?? [];
  const recent = sparkline.reduce((sum, count) => sum + count, 0);

  return (
    // a list item holding a link: the item leads somewhere (a link, not a
    // button), and the list keeps only list items as children
    <ListItem divider className={classes.item}>
      <Link to={to} className={classes.link} data-testid="periskop-card-error">
        <div className={classes.text}>
          <div className={classes.title}>
            <Typography
              variant="body2"
              component="span"
              className={classes.errorClass}
            >
              {group.class}
            </Typography>
            <ErrorGroupStatusBadges group={group} />
          </div>
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.message}
            title={group.message}
          >
            {group.message}
          </Typography>
        </div>
        <div className={classes.activity}>
          <Sparkline
            values={sparkline}
            width={72}
            height={18}
            label={`${recent} occurrences in the last ${SPARKLINE_SPAN}`}
          />
          <Typography variant="caption" color="textSecondary">
            {formatCount(recent)} in {SPARKLINE_HOURS} h ·{' '}
            {formatCount(group.totalCount)} total
          </Typography>
        </div>
        <Box
          flexShrink={0}
          minWidth={104}
          textAlign="right"
          whiteSpace="nowrap"
        >
          <RelativeTime time={group.lastSeen} />
        </Box>
      </Link>
    </ListItem>
  );
};
