import { InputError } from '@backstage/errors';
import {
  DEFAULT_WINDOW_MS,
  SPARKLINE_HOURS,
} from '@periskop-backstage/plugin-periskop-common';
import { SeriesWindow } from '../../database';

const HOUR_MS = 3_600_000;

/**
 * The window of a request: `to` defaults to now, `from` to the default
 * window before `to`. A window given only by `from` that lies after now is
 * as wrong as one whose `from` is after its `to`.
 */
export function resolveWindow(
  query: { from?: number; to?: number },
  now: number,
): { from: number; to: number } {
  const to = query.to ?? now;
  const from = query.from ?? to - DEFAULT_WINDOW_MS;
  if (from >= to) {
    throw new InputError('Invalid query parameter "from": must be before "to"');
  }
  return { from, to };
}

/**
 * Sparklines: hourly counts over the last whole hours, up to and including
 * the current one, so that the newest point fills up as the hour goes on.
 */
export function sparklineWindow(now: number): SeriesWindow {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  return { from: to - SPARKLINE_HOURS * HOUR_MS, to, stepMs: HOUR_MS };
}
