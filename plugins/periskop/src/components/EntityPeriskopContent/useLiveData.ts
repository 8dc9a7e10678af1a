import { useCallback, useEffect, useRef, useState } from 'react';

/** What {@link useLiveData} knows about one resource. */
export interface LiveData<T> {
  /**
   * The newest answer. While a changed `key` is loading this is still the
   * answer for the previous key (see `stale`), so the UI can keep its
   * layout instead of collapsing to a spinner.
   */
  value: T | undefined;
  /** The error of the newest attempt; cleared by the next success. */
  error: Error | undefined;
  /** True until the first answer (value or error) for the current key. */
  loading: boolean;
  /** True when `value` belongs to another key than the current one. */
  stale: boolean;
  /** When `value` was fetched (ms since epoch). */
  updatedAt: number | undefined;
  /** Fetches again without resetting anything (a "refresh now"). */
  reload(): void;
  /** Patches the value locally, e.g. with what a mutation returned. */
  update(updater: (value: T) => T): void;
}

interface Settled<T> {
  key: string;
  value?: T;
  valueKey?: string;
  error?: Error;
  updatedAt?: number;
}

/**
 * Fetches with `load` whenever `key` changes (new filters: the UI shows
 * progress) and whenever `tick` changes (live refresh: silently, keeping
 * the previous value on screen). Answers of superseded requests are
 * dropped, so a slow old request never overwrites a newer one.
 *
 * `load` may change on every render; only `key` and `tick` trigger a fetch.
 */
export function useLiveData<T>(
  load: () => Promise<T>,
  key: string,
  tick: number,
): LiveData<T> {
  const [settled, setSettled] = useState<Settled<T> | undefined>(undefined);
  const [reloads, setReloads] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    loadRef.current().then(
      value => {
        if (current) {
          setSettled({ key, value, valueKey: key, updatedAt: Date.now() });
        }
      },
      error => {
        if (current) {
          // keep the last value: a failed refresh should not blank the page
          setSettled(previous => ({
            ...previous,
            key,
            error: error instanceof Error ? error : new Error(String(error)),
          }));
        }
      },
    );
    return () => {
      current = false;
    };
  }, [key, tick, reloads]);

  const reload = useCallback(() => setReloads(n => n + 1), []);
  const update = useCallback(
    (updater: (value: T) => T) =>
      setSettled(previous =>
        previous?.value === undefined
          ? previous
          : { ...previous, value: updater(previous.value) },
      ),
    [],
  );

  return {
    value: settled?.value,
    error: settled?.error,
    loading: settled?.key !== key,
    stale: settled?.valueKey !== undefined && settled.valueKey !== key,
    updatedAt: settled?.updatedAt,
    reload,
    update,
  };
}
