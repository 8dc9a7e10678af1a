import { InputError } from '@backstage/errors';
import { MAX_OCCURRENCE_POINTS } from '@periskop-backstage/plugin-periskop-common';
import { z } from 'zod';
import { SeriesWindow } from '../../database';
import { parseRequest } from './parseRequest';
import { integer, isoTime } from './schemaParts';
import { resolveWindow } from './timeWindow';

/** Steps (seconds) chosen when the caller gives none: about 100-300 points. */
const AUTO_STEPS = [60, 300, 900, 3600, 6 * 3600, 24 * 3600];
/** The largest step one may ask for: a month. */
const MAX_STEP_SECONDS = 31 * 24 * 3600;

const occurrencesQuerySchema = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** Seconds per point. */
    step: integer(60, MAX_STEP_SECONDS).optional(),
  })
  // from < to is checked with the defaults applied, by resolveWindow
  .strict();

/**
 * The query of `GET /errors/:id/occurrences`: the window (default the last
 * 24 hours) and the step, the caller's or the smallest that gives at most
 * 300 points.
 */
export function parseOccurrencesQuery(
  query: unknown,
  now: number,
): SeriesWindow & { stepSeconds: number } {
  const parsed = parseRequest(occurrencesQuerySchema, query, 'query parameter');
  const { from, to } = resolveWindow(parsed, now);
  const span = to - from;
  const stepSeconds =
    parsed.step ??
    AUTO_STEPS.find(step => span / (step * 1000) <= 300) ??
    AUTO_STEPS[AUTO_STEPS.length - 1];
  const stepMs = stepSeconds * 1000;
  if (Math.ceil(span / stepMs) > MAX_OCCURRENCE_POINTS) {
    throw new InputError(
      `Invalid query parameter "step": gives more than ${MAX_OCCURRENCE_POINTS} points for this window; use a larger step`,
    );
  }
  return { from, to, stepMs, stepSeconds };
}
