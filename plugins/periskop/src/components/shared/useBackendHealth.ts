import { useApi } from '@backstage/core-plugin-api';
import { DEFAULT_SCRAPE_INTERVAL_SECONDS } from '@periskop-backstage/plugin-periskop-common';
import useAsync from 'react-use/esm/useAsync';
import { periskopApiRef } from '../../api';

/** What the pages need to know of the backend to keep their data fresh. */
export interface BackendRefreshHealth {
  /** Seconds between two scrapes of the backend. */
  scrapeIntervalSeconds: number;
  /**
   * Whether the backend publishes live-update signals (it does when the
   * signals backend is installed); false until it has said so.
   */
  liveUpdates: boolean;
}

/**
 * What the backend's `/health` says about refreshing: its scrape interval
 * and whether it publishes live-update signals. Until it has answered, or
 * when it cannot, the default interval and no signals: pages poll rather
 * than wait for signals that might never come.
 */
export function useBackendHealth(): BackendRefreshHealth {
  const api = useApi(periskopApiRef);
  const { value: health } = useAsync(() => api.getHealth(), [api]);
  return {
    scrapeIntervalSeconds:
      health?.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS,
    liveUpdates: health?.liveUpdates === true,
  };
}
