import {
  IconButton,
  InputAdornment,
  TextField,
  makeStyles,
} from '@material-ui/core';
import ClearIcon from '@material-ui/icons/Clear';
import SearchIcon from '@material-ui/icons/Search';
import { KeyboardEvent, useEffect, useRef, useState } from 'react';

/** How long typing must pause before the search is sent. */
export const SEARCH_DEBOUNCE_MS = 300;

const useStyles = makeStyles(theme => ({
  field: { minWidth: 240, flex: '1 1 320px' },
  shortcut: {
    fontFamily: 'inherit',
    fontSize: theme.typography.caption.fontSize,
    lineHeight: 1,
    color: theme.palette.text.secondary,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.25, 0.75),
  },
}));

/** Props of {@link SearchField}. */
export interface SearchFieldProps {
  /** The search currently applied (from the URL). */
  value: string;
  /** Applies a search; called after typing pauses, or at once on Enter. */
  onSearch(value: string): void;
  /** The field's accessible name, e.g. "Search errors". */
  label: string;
  placeholder: string;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
  );
}

/**
 * The free-text search of the Errors tab and the overview. It keeps what is typed locally
 * and sends it after a pause, so every keystroke neither hits the backend
 * nor adds a history entry; `/` focuses it from anywhere on the page, as in
 * most developer tools.
 */
export const SearchField = (props: SearchFieldProps) => {
  const { value, onSearch, label, placeholder } = props;
  const classes = useStyles();
  const [text, setText] = useState(value);
  const inputRef = useRef<HTMLInputElement>(null);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;
  // The value last sent or received; lets an outside change (Back, reset
  // filters) replace the text without fighting with what is being typed.
  const applied = useRef(value);

  useEffect(() => {
    if (value !== applied.current) {
      applied.current = value;
      setText(value);
    }
  }, [value]);

  const send = (next: string) => {
    const trimmed = next.trim();
    if (trimmed === applied.current) return;
    applied.current = trimmed;
    onSearchRef.current(trimmed);
  };

  useEffect(() => {
    if (text.trim() === applied.current) return undefined;
    const timer = setTimeout(() => send(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const focusOnSlash = (event: globalThis.KeyboardEvent) => {
      if (
        event.key === '/' &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey &&
        !isTypingTarget(event.target)
      ) {
        event.preventDefault();
        inputRef.current?.focus();
      }
    };
    document.addEventListener('keydown', focusOnSlash);
    return () => document.removeEventListener('keydown', focusOnSlash);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      send(text);
    } else if (event.key === 'Escape' && text !== '') {
      event.stopPropagation();
      setText('');
      send('');
    }
  };

  return (
    <TextField
      className={classes.field}
      variant="outlined"
      size="small"
      placeholder={placeholder}
      value={text}
      onChange={event => setText(event.target.value)}
      onKeyDown={onKeyDown}
      inputRef={inputRef}
      inputProps={{ 'aria-label': label }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" color="action" />
          </InputAdornment>
        ),
        endAdornment: text ? (
          <InputAdornment position="end">
            <IconButton
              size="small"
              aria-label="Clear search"
              onClick={() => {
                setText('');
                send('');
                inputRef.current?.focus();
              }}
            >
              <ClearIcon fontSize="small" />
            </IconButton>
          </InputAdornment>
        ) : (
          <InputAdornment position="end">
            <kbd className={classes.shortcut} title="Press / to search">
              /
            </kbd>
          </InputAdornment>
        ),
      }}
    />
  );
};
