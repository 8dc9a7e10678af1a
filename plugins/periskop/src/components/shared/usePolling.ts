import { useApi } from '@backstage/core-plugin-api';
import { DEFAULT_SCRAPE_INTERVAL_SECONDS } from '@periskop-backstage/plugin-periskop-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { periskopApiRef } from '../../api';

/**
 * A counter that increases at the backend's scrape interval while the page
 * is visible; put it in the dependencies of a data hook to refresh the data
 * live without unmounting anything (scroll, filters and open details stay).
 */
export function usePolling(): number {
  const api = useApi(periskopApiRef);
  const { value: health } = useAsync(() => api.getHealth(), [api]);
  const intervalMs =
    (health?.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS) * 1000;
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) {
        setTick(t => t + 1);
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);

  return tick;
}
