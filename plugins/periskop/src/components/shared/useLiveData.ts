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
  /**
   * The current key has nothing to show: its newest request failed and
   * `value` is missing or answers another key. Otherwise `error` is only a
   * failed refresh of a value that is still good to show.
   */
  failed: boolean;
  /** True until the first answer (value or error) for the current key. */
  loading: boolean;
  /** True when `value` belongs to another key than the current one. */
  stale: boolean;
  /** When `value` was fetched (ms since epoch). */
  updatedAt: number | undefined;
  /** Fetches again without resetting anything (a "refresh now"). */
  reload(): void;
  /**
   * Patches the value locally, e.g. with what a mutation returned. A
   * refresh already in flight is dropped, as its answer may predate the
   * change; the next one brings the server's view.
   */
  update(updater: (value: T) => T): void;
}

/** Inputs of {@link useLiveData}. */
export interface LiveDataOptions {
  /**
   * What is asked for (entity, filters, id). A new key is a new question:
   * `loading` until it is answered, `stale` while `value` answers the old
   * one, and answers to the old one are dropped.
   */
  key: string;
  /**
   * The live refresh, usually the counter of {@link usePolling}: every
   * change fetches again in place, silently, keeping `value` on screen.
   */
  tick: number | string;
  /** Nothing is fetched while false (inputs not known yet, drawer closed). */
  enabled?: boolean;
}

interface Settled<T> {
  /** The key the newest answer (value or error) was for. */
  key: string;
  value?: T;
  valueKey?: string;
  error?: Error;
  updatedAt?: number;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The one way the plugin shows server data that changes while it is on
 * screen: fetches with `load` whenever `key` changes and whenever `tick`
 * changes, keeps the last good value through refreshes and failed
 * refreshes, and drops answers of superseded requests, so a slow old
 * request never overwrites a newer one.
 *
 * `load` may change on every render; only `key`, `tick`, `enabled` and
 * `reload` trigger a fetch.
 */
export function useLiveData<T>(
  load: () => Promise<T>,
  options: LiveDataOptions,
): LiveData<T> {
  const { key, tick, enabled = true } = options;
  const [settled, setSettled] = useState<Settled<T> | undefined>(undefined);
  const [reloads, setReloads] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  /** Bumped by `update`, so that answers requested before it are dropped. */
  const patches = useRef(0);

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    let current = true;
    const patchesAtStart = patches.current;
    loadRef.current().then(
      value => {
        if (!current) return;
        setSettled(previous => {
          if (
            patchesAtStart !== patches.current &&
            previous?.valueKey === key
          ) {
            // the local patch is newer than this answer: keep it, but the
            // key is answered
            return { ...previous, key, error: undefined };
          }
          return { key, value, valueKey: key, updatedAt: Date.now() };
        });
      },
      error => {
        if (!current) return;
        // keep the last value: a failed refresh should not blank the page
        setSettled(previous => ({ ...previous, key, error: toError(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [key, tick, reloads, enabled]);

  const reload = useCallback(() => setReloads(n => n + 1), []);
  const update = useCallback((updater: (value: T) => T) => {
    patches.current += 1;
    setSettled(previous =>
      previous?.value === undefined
        ? previous
        : { ...previous, value: updater(previous.value) },
    );
  }, []);

  const stale = settled?.valueKey !== undefined && settled.valueKey !== key;
  const error = settled?.error;
  return {
    value: settled?.value,
    error,
    failed:
      error !== undefined &&
      settled?.key === key &&
      (settled.value === undefined || stale),
    loading: settled?.key !== key,
    stale,
    updatedAt: settled?.updatedAt,
    reload,
    update,
  };
}
