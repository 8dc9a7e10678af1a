import { useApi } from '@backstage/core-plugin-api';
import {
  ErrorDetails,
  ErrorGroup,
  OccurrencesResponse,
} from '@periskop-backstage/plugin-periskop-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { periskopApiRef } from '../../api';
import { isNotFoundError } from './isNotFoundError';
import { occurrencesQueryForWindow } from './occurrencesQuery';

/** What {@link useErrorDetails} knows about the open error group. */
export interface ErrorDetailsState {
  /** True only while the first answer for this id is awaited. */
  loading: boolean;
  /** The first load failed, or the group is gone (404). */
  error?: Error;
  details?: ErrorDetails;
  occurrences?: OccurrencesResponse;
  /** The occurrences could not be loaded; the rest is shown anyway. */
  occurrencesError?: Error;
  /** A later refresh failed; `details` are those of the last success. */
  refreshError?: Error;
  /** When `details` were loaded (ms). */
  loadedAt?: number;
}

/** Inputs of {@link useErrorDetails}. */
export interface UseErrorDetailsOptions {
  /** Nothing is fetched while undefined (the drawer is closed). */
  errorId: string | undefined;
  windowMs: number | undefined;
  /** Every change refreshes in place, without a loading state. */
  refreshTick: number;
}

/**
 * Loads an error group with its samples, instances and occurrences, and
 * refreshes them in place when `refreshTick` or the window changes: the
 * previous data stays on screen during a refresh and when it fails, so
 * nothing the user reads jumps away. A new id starts from a loading state.
 * `applyGroup` merges an updated group (after resolve) into the details.
 */
export function useErrorDetails({
  errorId,
  windowMs,
  refreshTick,
}: UseErrorDetailsOptions): ErrorDetailsState & {
  applyGroup(group: ErrorGroup): void;
} {
  const api = useApi(periskopApiRef);
  const [state, setState] = useState<ErrorDetailsState>({ loading: true });
  const loadedId = useRef<string | undefined>(undefined);
  /** Bumped by local changes so that older answers in flight are dropped. */
  const version = useRef(0);

  useEffect(() => {
    if (!errorId) {
      // the next opening starts afresh; the content stays for the exit animation
      loadedId.current = undefined;
      return undefined;
    }
    const isNewId = loadedId.current !== errorId;
    if (isNewId) {
      loadedId.current = errorId;
      setState({ loading: true });
    }
    const startedAt = version.current;
    let cancelled = false;
    const query = occurrencesQueryForWindow(windowMs, Date.now());

    Promise.allSettled([
      api.getError(errorId),
      api.getOccurrences(errorId, query),
    ]).then(([details, occurrences]) => {
      if (cancelled || startedAt !== version.current) return;
      setState(previous => {
        const hasData = !isNewId && previous.details !== undefined;
        if (details.status === 'rejected') {
          const error = details.reason as Error;
          if (hasData && !isNotFoundError(error)) {
            return { ...previous, refreshError: error };
          }
          return { loading: false, error };
        }
        const previousOccurrences = hasData ? previous.occurrences : undefined;
        return {
          loading: false,
          details: details.value,
          occurrences:
            occurrences.status === 'fulfilled'
              ? occurrences.value
              : previousOccurrences,
          occurrencesError:
            occurrences.status === 'rejected'
              ? (occurrences.reason as Error)
              : undefined,
          loadedAt: Date.now(),
        };
      });
    });

    return () => {
      cancelled = true;
    };
  }, [api, errorId, windowMs, refreshTick]);

  const applyGroup = useCallback((group: ErrorGroup) => {
    version.current += 1;
    setState(previous =>
      previous.details && previous.details.id === group.id
        ? { ...previous, details: { ...previous.details, ...group } }
        : previous,
    );
  }, []);

  return { ...state, applyGroup };
}
