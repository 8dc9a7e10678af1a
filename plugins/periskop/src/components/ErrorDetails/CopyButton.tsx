import { Button, IconButton, Tooltip } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import FileCopyOutlinedIcon from '@material-ui/icons/FileCopyOutlined';
import { useEffect, useState } from 'react';
import { copyToClipboard } from './copyToClipboard';

type CopyState = 'idle' | 'copied' | 'failed';

/** Announced to screen readers without taking space. */
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** How long "Copied" stays visible. */
const CONFIRMATION_MS = 2000;

/** Props of {@link CopyButton}. */
export interface CopyButtonProps {
  /** The text that lands in the clipboard. */
  text: string;
  /** What is copied, e.g. "stack trace"; used in the label and tooltip. */
  what: string;
  /** `icon` for inline use next to a value, `button` for a labelled button. */
  variant?: 'icon' | 'button';
}

/**
 * Copies a text to the clipboard and confirms it in place (check mark and
 * "Copied", announced to screen readers), or says that copying failed.
 */
export const CopyButton = ({
  text,
  what,
  variant = 'button',
}: CopyButtonProps) => {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    copyToClipboard(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  const status = {
    idle: `Copy ${what}`,
    copied: `Copied ${what} to the clipboard`,
    failed: `Could not copy the ${what}; select it and copy by hand`,
  }[state];
  const icon =
    state === 'copied' ? (
      <CheckIcon fontSize="small" />
    ) : (
      <FileCopyOutlinedIcon fontSize="small" />
    );

  return (
    <>
      <Tooltip title={status}>
        {variant === 'icon' ? (
          <IconButton size="small" aria-label={`Copy ${what}`} onClick={copy}>
            {icon}
          </IconButton>
        ) : (
          <Button
            size="small"
            variant="outlined"
            startIcon={icon}
            aria-label={`Copy ${what}`}
            onClick={copy}
          >
            {state === 'copied' ? 'Copied' : 'Copy'}
          </Button>
        )}
      </Tooltip>
      <span role="status" style={visuallyHidden}>
        {state === 'idle' ? '' : status}
      </span>
    </>
  );
};
