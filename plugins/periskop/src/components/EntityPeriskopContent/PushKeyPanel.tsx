import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import VpnKeyOutlinedIcon from '@material-ui/icons/VpnKeyOutlined';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  PushKeyStatus,
  periskopPushKeyManagePermission,
} from '@periskop-backstage/plugin-periskop-common';
import { useState } from 'react';
import { periskopApiRef } from '../../api';
import { UserLink } from '../ErrorDetails/UserLink';
import { displayEntityRef } from '../ErrorDetails/displayEntityRef';
import { RelativeTime, formatRelative, useLiveData } from '../shared';
import { PushKeyChange, PushKeyConfirmDialog } from './PushKeyConfirmDialog';
import { PushUrlDialog } from './PushUrlDialog';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    minWidth: 0,
  },
  title: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  icon: { color: theme.palette.text.secondary },
  details: { display: 'block', padding: theme.spacing(0, 2, 2) },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1.5, 0),
    '& dd': { margin: 0 },
  },
  hint: {
    fontFamily:
      'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  message: { marginTop: theme.spacing(1) },
}));

const NO_KEY: PushKeyStatus = {
  exists: false,
  createdAt: null,
  createdBy: null,
  hint: null,
  lastUsedAt: null,
};

/**
 * Only the status of a created key: the secret and the URL that holds it
 * stay in the one-time dialog and never in the panel's lasting state.
 */
function statusOf(key: PushKeyStatus): PushKeyStatus {
  const { exists, createdAt, createdBy, hint, lastUsedAt } = key;
  return { exists, createdAt, createdBy, hint, lastUsedAt };
}

/** The collapsed line: "…abcd, created 3 days ago, last used 1 hour ago". */
function describeKey(key: PushKeyStatus): string {
  if (!key.exists) return 'none';
  return [
    key.hint ? `…${key.hint}` : 'set',
    key.createdAt && `created ${formatRelative(key.createdAt)}`,
    key.lastUsedAt
      ? `last used ${formatRelative(key.lastUsedAt)}`
      : 'never used',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Props of {@link PushKeyPanel}. */
export interface PushKeyPanelProps {
  entity: CompoundEntityRef;
  /** The entity as a string ref; permissions are checked against it. */
  entityRef: string;
  /**
   * The entity only pushes (no targets annotation): without a key it has
   * no errors at all, so the panel opens by itself until one exists.
   */
  pushOnly: boolean;
  /** The live refresh, so "last used" follows the pushes. */
  refreshTick: number;
}

/**
 * The entity's push key, with which batch jobs and other processes that
 * cannot be scraped push their errors: whether one exists (its last
 * characters, who created it when, when it was last used), and, for those
 * with `periskop.pushKey.manage` on the entity, Create, Rotate and Revoke.
 * A new key's push URL is shown once, in a dialog; the backend keeps only
 * a hash.
 */
export const PushKeyPanel = (props: PushKeyPanelProps) => {
  const { entity, entityRef, pushOnly, refreshTick } = props;
  const classes = useStyles();
  const api = useApi(periskopApiRef);
  const permission = usePermission({
    permission: periskopPushKeyManagePermission,
    resourceRef: entityRef,
  });
  const status = useLiveData(() => api.getPushKey(entity), {
    key: entityRef,
    tick: refreshTick,
  });
  const [userExpanded, setUserExpanded] = useState<boolean | undefined>();
  const [confirming, setConfirming] = useState<PushKeyChange | undefined>();
  const [pushUrl, setPushUrl] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error | undefined>();

  const key = status.value;
  const entityName = displayEntityRef(entityRef);
  const expanded = userExpanded ?? (pushOnly && key?.exists === false);

  const run = async (change: 'create' | PushKeyChange) => {
    // the panel stays open whatever the key becomes, and shows the outcome
    setUserExpanded(true);
    setBusy(true);
    setActionError(undefined);
    try {
      if (change === 'revoke') {
        await api.deletePushKey(entity);
        status.update(() => NO_KEY);
      } else {
        const created = await api.createPushKey(entity);
        status.update(() => statusOf(created));
        setPushUrl(created.pushUrl);
      }
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  };

  let line: string;
  if (key) line = describeKey(key);
  else if (status.error) line = 'status unavailable';
  else line = 'checking…';

  return (
    <>
      <Accordion
        expanded={expanded}
        onChange={(_, next) => setUserExpanded(next)}
        data-testid="push-key"
        TransitionProps={{ unmountOnExit: true }}
      >
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-controls="periskop-push-key-details"
          id="periskop-push-key-summary"
        >
          <Box className={classes.summary}>
            <Typography
              variant="body1"
              component="span"
              className={classes.title}
            >
              <VpnKeyOutlinedIcon fontSize="small" className={classes.icon} />
              Push key
            </Typography>
            <Typography variant="body2" color="textSecondary" component="span">
              {line}
            </Typography>
          </Box>
        </AccordionSummary>
        <AccordionDetails
          className={classes.details}
          id="periskop-push-key-details"
        >
          <Typography variant="body2">
            Batch jobs and other processes that cannot be scraped push their
            errors to a push URL that holds this key. Whoever has the URL can
            add errors to {entityName}.
          </Typography>
          {status.error && !key && (
            <Alert severity="warning" className={classes.message}>
              Could not load the push key: {status.error.message}
            </Alert>
          )}
          {key?.exists && (
            <Box component="dl" className={classes.facts}>
              <Typography variant="body2" component="dt" color="textSecondary">
                Key
              </Typography>
              <Typography
                variant="body2"
                component="dd"
                className={classes.hint}
              >
                {key.hint ? `…${key.hint}` : 'set'}
              </Typography>
              <Typography variant="body2" component="dt" color="textSecondary">
                Created
              </Typography>
              <Typography variant="body2" component="dd">
                <RelativeTime time={key.createdAt} />
                {key.createdBy && (
                  <>
                    {' by '}
                    <UserLink entityRef={key.createdBy} />
                  </>
                )}
              </Typography>
              <Typography variant="body2" component="dt" color="textSecondary">
                Last used
              </Typography>
              <Typography variant="body2" component="dd">
                <RelativeTime time={key.lastUsedAt} />
              </Typography>
            </Box>
          )}
          {key && !permission.loading && !permission.allowed && (
            <Typography
              variant="body2"
              color="textSecondary"
              className={classes.message}
              data-testid="push-key-not-allowed"
            >
              {key.exists
                ? `Only an owner of ${entityName} can rotate or revoke its push key.`
                : `This entity has no push key. An owner of ${entityName} can create one here.`}
              {permission.error &&
                ` (Could not check your permission: ${permission.error.message})`}
            </Typography>
          )}
          {key && permission.allowed && (
            <Box className={classes.actions}>
              {key.exists ? (
                <>
                  <Button
                    variant="outlined"
                    color="primary"
                    disabled={busy}
                    onClick={() => setConfirming('rotate')}
                  >
                    Rotate key
                  </Button>
                  <Button
                    variant="outlined"
                    disabled={busy}
                    onClick={() => setConfirming('revoke')}
                  >
                    Revoke key
                  </Button>
                </>
              ) : (
                <Button
                  variant="contained"
                  color="primary"
                  disabled={busy}
                  onClick={() => run('create')}
                >
                  Create push key
                </Button>
              )}
            </Box>
          )}
          {actionError && (
            <Alert severity="error" className={classes.message}>
              {actionError.message}
            </Alert>
          )}
        </AccordionDetails>
      </Accordion>
      <PushKeyConfirmDialog
        change={confirming}
        hint={key?.hint ?? null}
        busy={busy}
        onConfirm={() => run(confirming!)}
        onCancel={() => setConfirming(undefined)}
      />
      <PushUrlDialog
        pushUrl={pushUrl}
        entityName={entityName}
        onClose={() => setPushUrl(undefined)}
      />
    </>
  );
};
