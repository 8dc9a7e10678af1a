/**
 * The last-seen windows the Errors tab offers. Fixed choices rather than a
 * date picker: mid-incident nobody wants to type dates, and a short id
 * keeps links readable (`?window=1h`).
 */

/** Id of a last-seen window, as written in the URL. */
export type TimeWindowId = '1h' | '24h' | '7d' | '30d' | 'all';

/** One choice of {@link TIME_WINDOWS}. */
export interface TimeWindow {
  id: TimeWindowId;
  /** Short label for the toggle button. */
  shortLabel: string;
  /** How the window reads inside a sentence, e.g. "in the last 24 hours". */
  phrase: string;
  /** Length of the window; `undefined` means no lower bound. */
  durationMs: number | undefined;
}

const HOUR_MS = 60 * 60 * 1000;

/** Every offered window, shortest first. */
export const TIME_WINDOWS: readonly TimeWindow[] = [
  {
    id: '1h',
    shortLabel: '1h',
    phrase: 'in the last hour',
    durationMs: HOUR_MS,
  },
  {
    id: '24h',
    shortLabel: '24h',
    phrase: 'in the last 24 hours',
    durationMs: 24 * HOUR_MS,
  },
  {
    id: '7d',
    shortLabel: '7d',
    phrase: 'in the last 7 days',
    durationMs: 7 * 24 * HOUR_MS,
  },
  {
    id: '30d',
    shortLabel: '30d',
    phrase: 'in the last 30 days',
    durationMs: 30 * 24 * HOUR_MS,
  },
  {
    id: 'all',
    shortLabel: 'All',
    phrase: 'at any time',
    durationMs: undefined,
  },
];

/** The window with this id. */
export function timeWindow(id: TimeWindowId): TimeWindow {
  return TIME_WINDOWS.find(w => w.id === id)!;
}

/** Whether a URL value names an offered window. */
export function isTimeWindowId(value: string | null): value is TimeWindowId {
  return TIME_WINDOWS.some(w => w.id === value);
}
