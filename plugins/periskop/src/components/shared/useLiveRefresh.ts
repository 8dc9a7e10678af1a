import {
  PERISKOP_ERRORS_SIGNAL_CHANNEL,
  PeriskopErrorsSignal,
} from '@periskop-backstage/plugin-periskop-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef, useState } from 'react';
import { useBackendHealth } from './useBackendHealth';
import { usePolling } from './usePolling';

/**
 * With signals, pages still refetch this often (seconds, or the scrape
 * interval when that is longer): a safety net for a signal missed while
 * the connection to the backend was down.
 */
export const SIGNALLED_REFRESH_SECONDS = 300;

/** How the data on screen is kept fresh; see {@link useLiveRefresh}. */
export interface LiveRefresh {
  /**
   * Changes whenever the data should be fetched again: put it in the
   * dependencies of a data hook (`useLiveData`'s `tick`).
   */
  tick: number;
  /**
   * `signal`: fetched again when the backend announces a change (and every
   * {@link SIGNALLED_REFRESH_SECONDS}); `polling`: every `intervalSeconds`.
   */
  mode: 'signal' | 'polling';
  /** Seconds between two refreshes without a signal. */
  intervalSeconds: number;
}

function names(signal: PeriskopErrorsSignal, entityRef: string): boolean {
  // entity refs compare without regard to case, as the catalog's do
  const wanted = entityRef.toLocaleLowerCase('en-US');
  return (signal.entityRefs ?? []).some(
    ref => typeof ref === 'string' && ref.toLocaleLowerCase('en-US') === wanted,
  );
}

/**
 * The one way the plugin's pages keep their data live. Where the app has
 * Backstage signals (`@backstage/plugin-signals`) and the backend's
 * `/health` says it publishes them (the signals backend is installed), the
 * backend's signal on {@link PERISKOP_ERRORS_SIGNAL_CHANNEL} refreshes the
 * data as soon as the errors change: only signals that name `entityRef`
 * when one is given (the Errors tab, its drawer, the card), any for pages
 * over every entity (the overview, the search). Without signals on either
 * side, or until the backend has answered, it refreshes at the backend's
 * scrape interval, as often as the data can change.
 */
export function useLiveRefresh(
  options: { entityRef?: string } = {},
): LiveRefresh {
  const { entityRef } = options;
  const { lastSignal, isSignalsAvailable } = useSignal<PeriskopErrorsSignal>(
    PERISKOP_ERRORS_SIGNAL_CHANNEL,
  );
  const { scrapeIntervalSeconds, liveUpdates } = useBackendHealth();
  // signals in the app alone are not enough: a backend without the
  // signals backend never sends one
  const mode = isSignalsAvailable && liveUpdates ? 'signal' : 'polling';
  const intervalSeconds =
    mode === 'signal'
      ? Math.max(SIGNALLED_REFRESH_SECONDS, scrapeIntervalSeconds)
      : scrapeIntervalSeconds;
  const polls = usePolling(intervalSeconds);

  // Every signal is a new object; one seen already (a re-render, a new
  // entityRef) is not counted again.
  const [signals, setSignals] = useState(0);
  const seen = useRef<PeriskopErrorsSignal | null>(null);
  useEffect(() => {
    if (!lastSignal || lastSignal === seen.current) {
      return;
    }
    seen.current = lastSignal;
    if (entityRef === undefined || names(lastSignal, entityRef)) {
      setSignals(n => n + 1);
    }
  }, [lastSignal, entityRef]);

  return {
    tick: polls + signals,
    mode,
    intervalSeconds,
  };
}
