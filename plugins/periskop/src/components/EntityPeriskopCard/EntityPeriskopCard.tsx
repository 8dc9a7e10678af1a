import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  Link,
  MissingAnnotationEmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ErrorGroup,
  ErrorGroupListResponse,
  PERISKOP_TARGETS_ANNOTATION,
  TargetHealthListResponse,
  isPeriskopAvailable,
} from '@periskop-backstage/plugin-periskop-common';
import {
  Box,
  Chip,
  List,
  ListItem,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import { Alert } from '@material-ui/lab';
import { periskopApiRef } from '../../api';
import { RelativeTime, Sparkline } from '../shared';
import { useErrorsTabLink } from '../errorsTabLink';
import { useLiveQuery } from '../useLiveQuery';

/**
 * Open groups the card reads to count regressions and rank the top ones:
 * the most the API gives in one page. Beyond it the regression count is a
 * lower bound (shown with a `+`).
 */
const OPEN_ERRORS_PAGE = 500;

/** How many groups the card lists by default. */
const DEFAULT_MAX_ITEMS = 5;

const useStyles = makeStyles(theme => ({
  stats: {
    display: 'flex',
    gap: theme.spacing(4),
    flexWrap: 'wrap',
    marginBottom: theme.spacing(1),
  },
  statValue: {
    fontSize: theme.typography.h4.fontSize,
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
  statWarning: {
    color: theme.palette.error.main,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    paddingLeft: theme.spacing(1),
    paddingRight: theme.spacing(1),
    color: 'inherit',
    '&:hover': { textDecoration: 'none' },
  },
  itemText: {
    flex: 1,
    minWidth: 0,
  },
  itemTitle: {
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
  regressed: {
    flexShrink: 0,
    height: 18,
    // keeps the line as high as one without the badge
    margin: theme.spacing(-0.25, 0),
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  activity: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    flexShrink: 0,
  },
  empty: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(2, 0),
  },
  emptyIcon: {
    color: theme.palette.success.main,
    fontSize: 36,
  },
}));

/** Occurrences in the last 24 hours, from the hourly sparkline. */
function recentOccurrences(group: ErrorGroup): number {
  return (group.sparkline ?? []).reduce((sum, count) => sum + count, 0);
}

/**
 * The groups that occurred most in the last 24 hours; ties (and groups with
 * no recent occurrence) by the most recently seen.
 */
export function topErrors(groups: ErrorGroup[], count: number): ErrorGroup[] {
  return groups
    .map(group => ({ group, recent: recentOccurrences(group) }))
    .sort(
      (a, b) =>
        b.recent - a.recent ||
        Date.parse(b.group.lastSeen) - Date.parse(a.group.lastSeen),
    )
    .slice(0, count)
    .map(({ group }) => group);
}

const numberFormat = new Intl.NumberFormat('en');

/** Props of {@link EntityPeriskopCard}. */
export interface EntityPeriskopCardProps {
  /** Card title; `Errors` by default. */
  title?: string;
  /** How many of the most frequent open errors to list; 5 by default. */
  maxItems?: number;
  /** `InfoCard` variant; `gridItem` (fills its grid cell) by default. */
  variant?: InfoCardVariants;
}

interface CardData {
  errors: ErrorGroupListResponse;
  /** Missing when the targets could not be read; the card works without. */
  targets?: TargetHealthListResponse;
}

/** Says so when Periskop has no working target for the entity. */
const ScrapeHint = (props: { targets?: TargetHealthListResponse }) => {
  const targets = props.targets?.items;
  if (!targets) {
    return null;
  }
  if (targets.length === 0) {
    return (
      <Box mb={2}>
        <Alert severity="info">
          Not scraped yet: Periskop has not discovered a target from the{' '}
          <code>{PERISKOP_TARGETS_ANNOTATION}</code> annotation so far.
        </Alert>
      </Box>
    );
  }
  if (targets.some(target => target.up)) {
    return null;
  }
  if (targets.every(target => target.lastScrapeAt === null)) {
    return (
      <Box mb={2}>
        <Alert severity="info">
          Not scraped yet: Periskop scrapes the {targets.length}{' '}
          {targets.length === 1 ? 'target' : 'targets'} of this entity shortly.
        </Alert>
      </Box>
    );
  }
  const lastError = targets.find(target => target.lastError)?.lastError;
  return (
    <Box mb={2}>
      <Alert severity="warning" data-testid="periskop-not-scraped">
        {targets.length === 1
          ? 'Not scraped: its only target is down'
          : `Not scraped: all ${targets.length} targets are down`}
        , so these numbers may be out of date.
        {lastError && (
          <Typography variant="body2" component="div">
            Last error: {lastError}
          </Typography>
        )}
      </Alert>
    </Box>
  );
};

const Stat = (props: {
  label: string;
  value: string;
  highlight?: boolean;
  hint?: string;
}) => {
  const classes = useStyles();
  const content = (
    <div>
      <Typography
        component="div"
        className={`${classes.statValue} ${
          props.highlight ? classes.statWarning : ''
        }`}
        aria-label={`${props.label}: ${props.value}`}
      >
        {props.value}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
    </div>
  );
  return props.hint ? <Tooltip title={props.hint}>{content}</Tooltip> : content;
};

const ErrorSummary = (props: {
  errors: ErrorGroupListResponse;
  entityRef: CompoundEntityRef;
  maxItems: number;
}) => {
  const { errors, entityRef, maxItems } = props;
  const classes = useStyles();
  const errorsTabLink = useErrorsTabLink();

  if (errors.totalItems === 0) {
    return (
      <div className={classes.empty}>
        <CheckCircleOutlineIcon className={classes.emptyIcon} />
        <div>
          <Typography variant="h6" component="p">
            No open errors
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Every error Periskop has seen here is resolved, or none has occurred
            yet.
          </Typography>
        </div>
      </div>
    );
  }

  const complete = errors.items.length >= errors.totalItems;
  const regressions = errors.items.filter(group => group.regressed).length;
  const recent = errors.items.reduce(
    (sum, group) => sum + recentOccurrences(group),
    0,
  );
  const top = topErrors(errors.items, maxItems);

  return (
    <>
      <div className={classes.stats}>
        <Stat
          label="Open errors"
          value={numberFormat.format(errors.totalItems)}
        />
        <Stat
          label="Regressions"
          value={`${numberFormat.format(regressions)}${complete ? '' : '+'}`}
          highlight={regressions > 0}
          hint="Resolved errors that occurred again"
        />
        <Stat
          label="Occurrences in 24 h"
          value={`${numberFormat.format(recent)}${complete ? '' : '+'}`}
        />
      </div>
      <Typography variant="overline" color="textSecondary" component="h3">
        Most frequent in the last 24 hours
      </Typography>
      <List dense disablePadding aria-label="Most frequent open errors">
        {top.map(group => {
          const count = recentOccurrences(group);
          return (
            <ListItem
              key={group.id}
              button
              divider
              component={Link}
              to={errorsTabLink(entityRef, group.id)}
              className={classes.item}
              data-testid="periskop-card-error"
            >
              <div className={classes.itemText}>
                <div className={classes.itemTitle}>
                  <Typography
                    variant="body2"
                    component="span"
                    className={classes.errorClass}
                  >
                    {group.class}
                  </Typography>
                  {group.regressed && (
                    <Chip
                      size="small"
                      variant="outlined"
                      label="Regressed"
                      className={classes.regressed}
                    />
                  )}
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
                  values={group.sparkline ?? []}
                  width={72}
                  height={18}
                  label={`${count} occurrences in the last 24 hours`}
                />
                <Typography variant="caption" color="textSecondary">
                  {numberFormat.format(count)} in 24 h ·{' '}
                  {numberFormat.format(group.totalCount)} total
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
            </ListItem>
          );
        })}
      </List>
    </>
  );
};

const CardBody = (props: {
  entityRef: CompoundEntityRef;
  maxItems: number;
}) => {
  const { entityRef, maxItems } = props;
  const api = useApi(periskopApiRef);
  const { value, error } = useLiveQuery<CardData>(
    stringifyEntityRef(entityRef),
    async () => {
      const [errors, targets] = await Promise.all([
        api.listErrors(entityRef, {
          status: 'open',
          sort: 'lastSeen',
          order: 'desc',
          limit: OPEN_ERRORS_PAGE,
          sparkline: true,
        }),
        api.listTargets(entityRef).catch(() => undefined),
      ]);
      return { errors, targets };
    },
  );

  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : <Progress />;
  }
  return (
    <>
      {error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not refresh the errors: {error.message}
          </Alert>
        </Box>
      )}
      <ScrapeHint targets={value.targets} />
      <ErrorSummary
        errors={value.errors}
        entityRef={entityRef}
        maxItems={maxItems}
      />
    </>
  );
};

/**
 * The errors card of an entity's overview tab: how many errors are open and
 * regressed, the most frequent ones of the last 24 hours with links to the
 * Errors tab, and a warning when Periskop cannot scrape the entity.
 */
export const EntityPeriskopCard = (props: EntityPeriskopCardProps) => {
  const { entity } = useEntity();
  const { title = 'Errors', variant = 'gridItem' } = props;
  const errorsTabLink = useErrorsTabLink();

  if (!isPeriskopAvailable(entity)) {
    return (
      <InfoCard title={title} variant={variant}>
        <MissingAnnotationEmptyState annotation={PERISKOP_TARGETS_ANNOTATION} />
      </InfoCard>
    );
  }

  return (
    <InfoCard
      title={title}
      subheader="Open errors reported by Periskop"
      variant={variant}
      deepLink={{ title: 'View all errors', link: errorsTabLink(entity) }}
    >
      <CardBody
        entityRef={getCompoundEntityRef(entity)}
        maxItems={props.maxItems ?? DEFAULT_MAX_ITEMS}
      />
    </InfoCard>
  );
};
