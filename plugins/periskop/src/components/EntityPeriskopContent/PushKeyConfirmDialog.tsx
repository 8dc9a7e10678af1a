import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import { useRef } from 'react';

/** What is to be confirmed: both break the jobs that push with the key. */
export type PushKeyChange = 'rotate' | 'revoke';

const TITLE_ID = 'periskop-push-key-confirm-title';

const TEXTS: Record<
  PushKeyChange,
  { title: string; body: string; confirm: string }
> = {
  rotate: {
    title: 'Rotate the push key?',
    body: 'A new key replaces the current one, which stops working at once: jobs that push with the current push URL are refused until they are given the new one. The new URL is shown once.',
    confirm: 'Rotate key',
  },
  revoke: {
    title: 'Revoke the push key?',
    body: 'The key stops working at once: jobs that push with it are refused. Errors already pushed stay. A new key can be created later.',
    confirm: 'Revoke key',
  },
};

/** Props of {@link PushKeyConfirmDialog}. */
export interface PushKeyConfirmDialogProps {
  /** The change to confirm; the dialog is open while it is set. */
  change: PushKeyChange | undefined;
  /** The current key's hint (its last characters), to name it. */
  hint: string | null;
  /** The request is running: both buttons wait. */
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Asks before a push key is rotated or revoked, because either breaks
 * every job that pushes with it, and says so.
 */
export const PushKeyConfirmDialog = (props: PushKeyConfirmDialogProps) => {
  const { change, hint, busy, onConfirm, onCancel } = props;
  // keeps the words while the dialog fades out after `change` is cleared
  const shown = useRef<PushKeyChange>('rotate');
  if (change) shown.current = change;
  const texts = TEXTS[shown.current];
  return (
    <Dialog
      open={change !== undefined}
      onClose={busy ? undefined : onCancel}
      aria-labelledby={TITLE_ID}
      data-testid="push-key-confirm"
    >
      <DialogTitle id={TITLE_ID}>{texts.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {hint ? `The current key ends in …${hint}. ` : ''}
          {texts.body}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={shown.current === 'revoke' ? 'secondary' : 'primary'}
          onClick={onConfirm}
          disabled={busy}
          startIcon={
            busy ? (
              <CircularProgress size={16} color="inherit" aria-label="Saving" />
            ) : undefined
          }
        >
          {texts.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
