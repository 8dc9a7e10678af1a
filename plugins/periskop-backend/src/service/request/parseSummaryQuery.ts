import {
  DEFAULT_SUMMARY_TOP,
  MAX_SUMMARY_TOP,
} from '@periskop-backstage/plugin-periskop-common';
import { z } from 'zod';
import { SeriesWindow } from '../../database';
import { parseRequest } from './parseRequest';
import { integer } from './schemaParts';
import { sparklineWindow } from './timeWindow';

const summaryQuerySchema = z
  .object({
    top: integer(0, MAX_SUMMARY_TOP).default(String(DEFAULT_SUMMARY_TOP)),
  })
  .strict();

/**
 * The query of `GET /entities/:namespace/:kind/:name/summary`: how many
 * open groups to rank, over the sparkline window (the last 24 hours).
 */
export function parseSummaryQuery(
  query: unknown,
  now: number,
): { top: number; window: SeriesWindow } {
  const { top } = parseRequest(summaryQuerySchema, query, 'query parameter');
  return { top, window: sparklineWindow(now) };
}
