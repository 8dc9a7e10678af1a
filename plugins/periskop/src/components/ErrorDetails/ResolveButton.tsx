import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button, CircularProgress, Tooltip } from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import ReplayIcon from '@material-ui/icons/Replay';
import {
  ErrorGroup,
  periskopErrorResolvePermission,
} from '@periskop-backstage/plugin-periskop-common';
import { useState } from 'react';
import { periskopApiRef } from '../../api';
import { displayEntityRef } from './displayEntityRef';

/** Props of {@link ResolveButton}. */
export interface ResolveButtonProps {
  group: ErrorGroup;
  /** The owning entity; the permission is checked against it. */
  entityRef: string;
  /** Called with the updated group when the change succeeded. */
  onChanged(group: ErrorGroup): void;
  /** Called with the failure, or `undefined` when a new attempt starts. */
  onError(error: Error | undefined): void;
}

/**
 * "Resolve" on an open group, "Unresolve" on a resolved one. Guarded by the
 * `periskop.error.resolve` permission on the entity: without it the button
 * is disabled and its tooltip says who may resolve. Shows progress while
 * the request runs.
 */
export const ResolveButton = ({
  group,
  entityRef,
  onChanged,
  onError,
}: ResolveButtonProps) => {
  const api = useApi(periskopApiRef);
  const permission = usePermission({
    permission: periskopErrorResolvePermission,
    resourceRef: entityRef,
  });
  const [busy, setBusy] = useState(false);
  const resolved = group.status === 'resolved';

  const run = async () => {
    setBusy(true);
    onError(undefined);
    try {
      const updated = resolved
        ? await api.unresolveError(group.id)
        : await api.resolveError(group.id);
      onChanged(updated);
    } catch (error) {
      onError(error as Error);
    } finally {
      setBusy(false);
    }
  };

  let explanation: string;
  if (permission.loading) {
    explanation = 'Checking whether you may resolve errors of this entity…';
  } else if (permission.error) {
    explanation = `Could not check your permission: ${permission.error.message}`;
  } else if (!permission.allowed) {
    explanation = `Only the owners of ${displayEntityRef(
      entityRef,
    )} may resolve its errors`;
  } else if (resolved) {
    explanation = 'Reopen this error';
  } else {
    explanation =
      'Mark this error as fixed; it reopens as a regression if it occurs again';
  }

  const label = resolved ? 'Unresolve' : 'Resolve';
  let icon = resolved ? <ReplayIcon /> : <CheckCircleOutlineIcon />;
  if (busy) {
    icon = <CircularProgress size={16} color="inherit" aria-label="Saving" />;
  }

  return (
    <Tooltip title={explanation}>
      {/* a span, because a disabled button fires no events for the tooltip */}
      <span tabIndex={!permission.allowed && !busy ? 0 : undefined}>
        <Button
          variant={resolved ? 'outlined' : 'contained'}
          color="primary"
          startIcon={icon}
          disabled={!permission.allowed || busy}
          onClick={run}
          data-testid="resolve-button"
        >
          {label}
        </Button>
      </span>
    </Tooltip>
  );
};
