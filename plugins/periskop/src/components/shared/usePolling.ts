import { useEffect, useState } from 'react';

/**
 * A counter that increases every `intervalSeconds` while the page is
 * visible; `useLiveRefresh`'s timer, which pages use instead (it refreshes
 * on the backend's signals where both the app and the backend have them).
 */
export function usePolling(intervalSeconds: number): number {
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) {
        setTick(t => t + 1);
      }
    }, intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, [intervalSeconds]);

  return tick;
}
