import { useCallback, useEffect, useRef, useState } from 'react';
import { usePolling } from './shared';

/** What {@link useLiveQuery} knows about one query. */
export interface LiveQueryState<T> {
  /** The latest answer; kept while a refresh or a new query is in flight. */
  value?: T;
  /** Why the latest request failed; cleared by the next success. */
  error?: Error;
  /** A request without a usable answer yet is in flight (not set for polls). */
  loading: boolean;
  /** `value` answers an earlier query than the current `key`. */
  stale: boolean;
  /** Asks again now. */
  retry: () => void;
}

interface State<T> {
  key?: string;
  value?: T;
  error?: Error;
  loading: boolean;
}

/**
 * Loads `fetcher()` for `key`, again whenever `key` changes and at the
 * backend's scrape interval (see `usePolling`), without unmounting what
 * shows the data: a refresh keeps the current answer on screen, a failed
 * refresh keeps it too and reports the error next to it. A request for a
 * new key that fails drops the old answer, so nothing stale is shown as if
 * it answered the new query.
 *
 * Answers to superseded requests are ignored.
 */
export function useLiveQuery<T>(
  key: string,
  fetcher: () => Promise<T>,
  options: { enabled?: boolean } = {},
): LiveQueryState<T> {
  const enabled = options.enabled ?? true;
  const tick = usePolling();
  const [retries, setRetries] = useState(0);
  const [state, setState] = useState<State<T>>({ loading: true });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    let current = true;
    setState(s =>
      s.key === key && s.value !== undefined ? s : { ...s, loading: true },
    );
    fetcherRef.current().then(
      value => {
        if (current) setState({ key, value, loading: false });
      },
      error => {
        if (!current) return;
        setState(s =>
          s.key === key
            ? { ...s, error, loading: false }
            : { key, error, loading: false },
        );
      },
    );
    return () => {
      current = false;
    };
  }, [key, tick, retries, enabled]);

  const retry = useCallback(() => setRetries(r => r + 1), []);

  return {
    value: state.value,
    error: state.error,
    loading: !enabled || state.loading,
    stale: state.key !== key,
    retry,
  };
}
