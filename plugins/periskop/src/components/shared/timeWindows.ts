/**
 * How the UI names the time windows of the API. Fixed choices rather than
 * a date picker: mid-incident nobody wants to type dates, and a short id
 * keeps links readable (`?window=1h`). The ids and lengths come from the
 * common package; only the words live here.
 */
import {
  DEFAULT_WINDOW_MS,
  TIME_WINDOWS,
  TimeWindowId,
} from '@periskop-backstage/plugin-periskop-common';

export type { TimeWindowId };

/** One offered window, with its words. */
export interface TimeWindow {
  id: TimeWindowId;
  /** Length of the window; `undefined` means no lower bound. */
  durationMs: number | undefined;
  /** Short label for a toggle button. */
  shortLabel: string;
  /** How the window reads inside a sentence, e.g. "in the last 24 hours". */
  phrase: string;
  /** How the window reads on its own, e.g. "Last 24 hours". */
  title: string;
}

const WORDS: Record<
  TimeWindowId,
  Pick<TimeWindow, 'shortLabel' | 'phrase' | 'title'>
> = {
  '1h': { shortLabel: '1h', phrase: 'in the last hour', title: 'Last 1 hour' },
  '24h': {
    shortLabel: '24h',
    phrase: 'in the last 24 hours',
    title: 'Last 24 hours',
  },
  '7d': {
    shortLabel: '7d',
    phrase: 'in the last 7 days',
    title: 'Last 7 days',
  },
  '30d': {
    shortLabel: '30d',
    phrase: 'in the last 30 days',
    title: 'Last 30 days',
  },
  all: { shortLabel: 'All', phrase: 'at any time', title: 'All time' },
};

/** Every window, shortest first. */
export const TIME_WINDOW_CHOICES: readonly TimeWindow[] = TIME_WINDOWS.map(
  window => ({ ...window, ...WORDS[window.id] }),
);

/** The window with this id. */
export function timeWindow(id: TimeWindowId): TimeWindow {
  return TIME_WINDOW_CHOICES.find(w => w.id === id)!;
}

/** Whether a URL value names a window. */
export function isTimeWindowId(value: string | null): value is TimeWindowId {
  return TIME_WINDOW_CHOICES.some(w => w.id === value);
}

/** The window the API uses when a request names none (24 hours). */
export const DEFAULT_TIME_WINDOW: TimeWindowId = TIME_WINDOW_CHOICES.find(
  w => w.durationMs === DEFAULT_WINDOW_MS,
)!.id;
