import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  Drawer,
  IconButton,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { ReactNode, useState } from 'react';
import { periskopApiRef } from '../../api';
import { PERISKOP_REGION_CLASS, RelativeTime, useLiveData } from '../shared';
import { CopyButton } from './CopyButton';
import { DetailsSection } from './DetailsSection';
import { ErrorSummary } from './ErrorSummary';
import { InstancesTable } from './InstancesTable';
import { isNotFoundError } from './isNotFoundError';
import { OccurrencesChart } from './OccurrencesChart';
import { describeWindow, occurrencesQueryForWindow } from './occurrencesQuery';
import { ResolutionStatus } from './ResolutionStatus';
import { ResolveButton } from './ResolveButton';
import { scrollableRegionProps } from './scrollableRegion';
import { SamplesSection } from './SamplesSection';

/** Props of {@link ErrorDetailsDrawer}. */
export interface ErrorDetailsDrawerProps {
  /** The group to show; the drawer is closed when undefined. */
  errorId: string | undefined;
  /** The entity the group belongs to, `kind:namespace/name` (for the resolve permission). */
  entityRef: string;
  /** Time window of the occurrences chart, ms before now; undefined = all (30 days). */
  windowMs: number | undefined;
  /** Increases when the data should be refreshed (live polling). */
  refreshTick: number;
  onClose(): void;
  /** Called with the updated group after resolve / unresolve. */
  onChanged(group: ErrorGroup): void;
}

const TITLE_ID = 'periskop-error-details-title';

const useStyles = makeStyles(theme => ({
  paper: {
    width: '100%',
    display: 'flex',
    flexDirection: 'column',
    overflow: 'hidden',
    [theme.breakpoints.up('md')]: { width: '80%' },
    [theme.breakpoints.up('lg')]: { width: '60%' },
  },
  header: {
    flex: 'none',
    padding: theme.spacing(2, 2, 2, 3),
    borderBottom: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
  },
  headerTop: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  },
  heading: {
    flex: 1,
    minWidth: 0,
    paddingTop: theme.spacing(0.5),
  },
  className: {
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: '1.25rem',
    lineHeight: 1.3,
    overflowWrap: 'anywhere',
  },
  message: {
    marginTop: theme.spacing(0.75),
    color: theme.palette.text.secondary,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: '30vh',
    overflowY: 'auto',
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flex: 'none',
  },
  body: {
    flex: 1,
    overflowY: 'auto',
    paddingBottom: theme.spacing(4),
  },
  notices: {
    padding: theme.spacing(2, 3, 0),
    '&:empty': { display: 'none' },
    '& > * + *': { marginTop: theme.spacing(1) },
  },
  panel: {
    padding: theme.spacing(3),
  },
  summaryStatus: {
    marginBottom: theme.spacing(2),
  },
}));

/**
 * Everything known about one error group, in a wide drawer on the right of
 * the Errors tab: headline, summary with the resolve history, resolve /
 * unresolve, occurrences over the window, per-instance counts and the
 * samples with stack traces, causes and the HTTP request (with a `curl`
 * command to reproduce it). Refreshes in place on every `refreshTick`.
 * Closes with the close button, Escape or a click outside.
 */
export const ErrorDetailsDrawer = (props: ErrorDetailsDrawerProps) => {
  const { errorId, entityRef, windowMs, refreshTick, onClose, onChanged } =
    props;
  const classes = useStyles();
  const api = useApi(periskopApiRef);
  const open = errorId !== undefined;
  // The last group opened: closing keeps it (and the content, for the exit
  // animation); another group starts from its loading state.
  const [shownId, setShownId] = useState(errorId);
  if (open && errorId !== shownId) {
    setShownId(errorId);
  }
  const key = shownId ?? '';
  const group = useLiveData(() => api.getError(key), {
    key,
    tick: refreshTick,
    enabled: open,
  });
  const occurrences = useLiveData(
    () =>
      api.getOccurrences(key, occurrencesQueryForWindow(windowMs, Date.now())),
    // a new window redraws the chart in place, like a refresh
    { key, tick: `${refreshTick} ${windowMs}`, enabled: open },
  );
  const [actionError, setActionError] = useState<Error | undefined>();
  const [actionErrorFor, setActionErrorFor] = useState(errorId);
  if (actionErrorFor !== errorId) {
    // a failure is about the group it happened on
    setActionErrorFor(errorId);
    setActionError(undefined);
  }
  // a group deleted meanwhile (404) is gone, not merely out of date
  const loadError =
    group.failed ||
    (!group.loading && group.error && isNotFoundError(group.error))
      ? group.error
      : undefined;
  const details = loadError || group.stale ? undefined : group.value;
  const refreshError = details ? group.error : undefined;
  const chart = occurrences.stale ? undefined : occurrences.value;

  const handleChanged = (changed: ErrorGroup) => {
    group.update(previous =>
      previous.id === changed.id ? { ...previous, ...changed } : previous,
    );
    onChanged(changed);
  };

  const closeButton = (
    <Tooltip title="Close (Esc)">
      <IconButton aria-label="Close" onClick={onClose}>
        <CloseIcon />
      </IconButton>
    </Tooltip>
  );

  /** The drawer's header: its title (which labels the drawer), actions and an optional line below. */
  const header = (title: string, actions: ReactNode, below?: ReactNode) => (
    <header className={classes.header}>
      <div className={classes.headerTop}>
        <div className={classes.heading}>
          <Typography
            variant="h5"
            component="h2"
            id={TITLE_ID}
            className={classes.className}
          >
            {title}
          </Typography>
        </div>
        <div className={classes.actions}>{actions}</div>
      </div>
      {below}
    </header>
  );

  let content;
  if (details) {
    content = (
      <>
        {header(
          details.class,
          <>
            {typeof window !== 'undefined' && (
              <CopyButton
                text={window.location.href}
                what="link to this error"
                variant="icon"
              />
            )}
            <ResolveButton
              group={details}
              entityRef={entityRef}
              onChanged={handleChanged}
              onError={setActionError}
            />
            {closeButton}
          </>,
          details.message && (
            <Typography
              variant="body1"
              className={classes.message}
              data-testid="error-message"
              {...scrollableRegionProps('Error message')}
            >
              {details.message}
            </Typography>
          ),
        )}
        <div className={classes.body}>
          <div className={classes.notices}>
            {actionError && (
              <Alert
                severity="error"
                onClose={() => setActionError(undefined)}
                data-testid="resolve-error"
              >
                Could not{' '}
                {details.status === 'resolved' ? 'unresolve' : 'resolve'} this
                error: {actionError.message}
              </Alert>
            )}
            {refreshError && (
              <Alert severity="warning">
                Could not refresh: {refreshError.message}. Showing the data
                loaded{' '}
                {group.updatedAt && (
                  <RelativeTime
                    time={new Date(group.updatedAt).toISOString()}
                  />
                )}
                .
              </Alert>
            )}
          </div>

          <DetailsSection title="Summary">
            <div className={classes.summaryStatus}>
              <ResolutionStatus group={details} />
            </div>
            <ErrorSummary group={details} />
          </DetailsSection>

          <DetailsSection
            title="Occurrences"
            actions={
              <Typography variant="body2" color="textSecondary">
                {describeWindow(windowMs)}
              </Typography>
            }
          >
            {chart && (
              <OccurrencesChart points={chart.points} step={chart.step} />
            )}
            {!chart && occurrences.failed && (
              <Alert severity="warning">
                Could not load the occurrences: {occurrences.error!.message}
              </Alert>
            )}
          </DetailsSection>

          <DetailsSection title="Instances">
            <InstancesTable instances={details.instances} />
          </DetailsSection>

          <SamplesSection groupId={details.id} samples={details.samples} />
        </div>
      </>
    );
  } else {
    content = (
      <>
        {header(
          loadError ? 'Error details' : 'Loading error details…',
          closeButton,
        )}
        <div className={classes.body}>
          {loadError ? (
            <div className={classes.panel}>
              <ResponseErrorPanel
                error={loadError}
                title={
                  isNotFoundError(loadError)
                    ? 'This error no longer exists. It may have expired after the retention period, or its entity was removed.'
                    : `Could not load this error: ${loadError.message}`
                }
              />
            </div>
          ) : (
            <Progress />
          )}
        </div>
      </>
    );
  }

  return (
    <Drawer
      anchor="right"
      open={Boolean(errorId)}
      onClose={onClose}
      classes={{ paper: `${classes.paper} ${PERISKOP_REGION_CLASS}` }}
      PaperProps={
        {
          role: 'dialog',
          'aria-modal': true,
          'aria-labelledby': TITLE_ID,
        } as object
      }
      data-testid="error-details-drawer"
    >
      {content}
    </Drawer>
  );
};
