import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Typography,
  makeStyles,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  PERISKOP_TARGETS_ANNOTATION,
  TargetHealth,
} from '@periskop-backstage/plugin-periskop-common';
import { useState } from 'react';
import {
  RelativeTime,
  formatCount,
  isPushOnly,
  readableOnTheme,
} from '../shared';
import { AnnotationTargetsList } from './AnnotationTargetsList';
import { invalidAnnotationEntries } from './invalidAnnotationEntries';
import { TargetHealthTable } from './TargetHealthTable';
import {
  TargetHealthSummary,
  describePushedInstances,
  describeTargetsUp,
  summarizeTargetHealth,
} from './summarizeTargetHealth';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    alignItems: 'baseline',
    flexWrap: 'wrap',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    minWidth: 0,
  },
  secondary: { overflowWrap: 'anywhere' },
  failure: {
    overflowWrap: 'anywhere',
    color: readableOnTheme(theme, theme.palette.error.main),
  },
  details: { display: 'block', padding: theme.spacing(0, 2, 2) },
}));

/** Props of {@link TargetHealthPanel}. */
export interface TargetHealthPanelProps {
  targets: TargetHealth[] | undefined;
  error: Error | undefined;
  /**
   * The entity's `periskop.io/targets` value, explained when nothing is
   * found; empty for an entity that only pushes.
   */
  annotation: string;
}

type SummaryStatus = 'ok' | 'warning' | 'error' | 'pending';

const STATUS_ICONS: Record<SummaryStatus, typeof StatusOK> = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
};

function summaryLine(
  summary: TargetHealthSummary,
  pushOnly: boolean,
  invalidEntries: number,
): {
  status: SummaryStatus;
  headline: string;
  secondary: string[];
  /** The first failing target and why, shown in the error colour. */
  failure?: string;
} {
  const secondary: string[] = [];
  if (summary.pending > 0 && summary.state !== 'pending') {
    secondary.push(`${summary.pending} not scraped yet`);
  }
  if (!pushOnly && summary.pushed > 0) {
    secondary.push(describePushedInstances(summary));
  }
  const failure = summary.firstDown
    ? `${summary.firstDown.url}: ${
        summary.firstDown.lastError ?? 'the last scrape failed'
      }`
    : undefined;
  if (summary.warnings > 0) {
    secondary.push(
      `${formatCount(summary.warnings)} malformed ${
        summary.warnings === 1 ? 'item' : 'items'
      } skipped`,
    );
  }
  if (summary.overCap > 0) {
    // the notice itself is in the table, beside the target
    secondary.push(
      `${formatCount(summary.overCap)} ${
        summary.overCap === 1 ? 'target' : 'targets'
      } over a cap on error groups`,
    );
  }
  if (invalidEntries > 0) {
    // skipped, while the valid entries are scraped; listed in the details
    secondary.push(
      `${formatCount(invalidEntries)} invalid annotation ${
        invalidEntries === 1 ? 'entry' : 'entries'
      } skipped`,
    );
  }
  const clean =
    summary.warnings > 0 || summary.overCap > 0 || invalidEntries > 0
      ? 'warning'
      : 'ok';
  if (pushOnly) {
    // nothing is scraped, so nothing can be down: a job that has not pushed
    // for a while has simply not run
    return summary.pushed === 0
      ? { status: 'pending', headline: 'Nothing pushed yet', secondary }
      : {
          status: clean,
          headline: describePushedInstances(summary),
          secondary,
        };
  }
  switch (summary.state) {
    case 'none':
      return { status: 'error', headline: 'No scrape targets', secondary };
    case 'pending':
      return {
        status: 'pending',
        headline: `Not scraped yet: ${summary.total} ${
          summary.total === 1 ? 'target' : 'targets'
        } waiting for the first scrape`,
        secondary,
      };
    case 'down':
    case 'degraded':
      return {
        status: 'error',
        headline: describeTargetsUp(summary),
        secondary,
        failure,
      };
    default:
      return { status: clean, headline: describeTargetsUp(summary), secondary };
  }
}

/**
 * Where the errors come from and whether that works: one line ("3 of 3
 * targets up", last scrape; pushed instances and the last push) that
 * expands to every instance with its last scrape or push, last success,
 * error keys, warnings and last error. It opens by itself while a scrape
 * target is down, because then the error list is incomplete and the reader
 * has to know; once toggled it stays as the user left it. Pushed instances
 * never count as down.
 */
export const TargetHealthPanel = (props: TargetHealthPanelProps) => {
  const { targets, error, annotation } = props;
  const pushOnly = isPushOnly(annotation);
  const classes = useStyles();
  const [userExpanded, setUserExpanded] = useState<boolean | undefined>(
    undefined,
  );

  if (targets === undefined && !error) {
    return (
      // controlled from the start, so it can become the real panel
      <Accordion expanded={false} disabled data-testid="target-health">
        <AccordionSummary>
          <StatusPending>Checking targets…</StatusPending>
        </AccordionSummary>
      </Accordion>
    );
  }

  const summary = targets ? summarizeTargetHealth(targets) : undefined;
  const invalidEntries = pushOnly ? [] : invalidAnnotationEntries(annotation);
  const line = summary
    ? summaryLine(summary, pushOnly, invalidEntries.length)
    : {
        status: 'warning' as const,
        headline: 'Target health is unavailable',
        secondary: [error!.message],
      };
  const SummaryIcon = STATUS_ICONS[line.status];
  const troubled =
    !summary ||
    (!pushOnly && ['none', 'down', 'degraded'].includes(summary.state));
  const expanded = userExpanded ?? troubled;

  return (
    <Accordion
      expanded={expanded}
      onChange={(_, next) => setUserExpanded(next)}
      data-testid="target-health"
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="periskop-target-health-details"
        id="periskop-target-health-summary"
      >
        <Box className={classes.summary}>
          <SummaryIcon>{line.headline}</SummaryIcon>
          {summary?.lastScrapeAt && (
            <Typography variant="body2" color="textSecondary" component="span">
              last scrape <RelativeTime time={summary.lastScrapeAt} />
            </Typography>
          )}
          {summary?.lastPushAt && (
            <Typography variant="body2" color="textSecondary" component="span">
              last push <RelativeTime time={summary.lastPushAt} />
            </Typography>
          )}
          {line.failure && (
            <Typography
              variant="body2"
              component="span"
              className={classes.failure}
            >
              {line.failure}
            </Typography>
          )}
          {line.secondary.map(text => (
            <Typography
              key={text}
              variant="body2"
              color="textSecondary"
              component="span"
              className={classes.secondary}
            >
              {text}
            </Typography>
          ))}
        </Box>
      </AccordionSummary>
      <AccordionDetails
        className={classes.details}
        id="periskop-target-health-details"
      >
        {error && !targets && <ResponseErrorPanel error={error} />}
        {targets && targets.length === 0 && pushOnly && (
          <Typography variant="body2">
            No instance has pushed errors for this entity yet. It has no{' '}
            <code>{PERISKOP_TARGETS_ANNOTATION}</code> annotation, so it is not
            scraped: its jobs push their errors to the push URL of its push key.
          </Typography>
        )}
        {targets && targets.length === 0 && !pushOnly && (
          <>
            <Typography variant="body2" gutterBottom>
              The backend has no scrape target for this entity. The entries of
              its annotation:
            </Typography>
            <AnnotationTargetsList annotation={annotation} />
          </>
        )}
        {targets && targets.length > 0 && invalidEntries.length > 0 && (
          <>
            <Typography variant="body2" gutterBottom>
              Entries of the <code>{PERISKOP_TARGETS_ANNOTATION}</code>{' '}
              annotation that are skipped; fix them in the entity's
              catalog-info.yaml:
            </Typography>
            <AnnotationTargetsList annotation={annotation} invalidOnly />
          </>
        )}
        {targets && targets.length > 0 && (
          <TargetHealthTable targets={targets} />
        )}
      </AccordionDetails>
    </Accordion>
  );
};
