import {
  DEFAULT_ERROR_LIST_LIMIT,
  ERROR_SORT_FIELDS,
  ERROR_STATUS_FILTERS,
  MAX_ERROR_LIST_LIMIT,
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
  SORT_ORDERS,
  splitSearchTerms,
} from '@periskop-backstage/plugin-periskop-common';
import { z } from 'zod';
import { ErrorGroupFilters, ErrorGroupQuery } from '../../database';
import { parseRequest } from './parseRequest';
import {
  flag,
  fromBeforeTo,
  integer,
  isoTime,
  oneOf,
  repeatable,
  searchText,
} from './schemaParts';
import { sparklineWindow } from './timeWindow';

const MAX_OFFSET = 1_000_000;

const errorListQuerySchema = z
  .object({
    query: searchText.optional(),
    severity: repeatable(
      z.enum(
        PERISKOP_SEVERITIES as unknown as [
          PeriskopSeverity,
          ...PeriskopSeverity[],
        ],
      ),
    ).optional(),
    status: oneOf(ERROR_STATUS_FILTERS).default('open'),
    from: isoTime.optional(),
    to: isoTime.optional(),
    sort: oneOf(ERROR_SORT_FIELDS).default('lastSeen'),
    order: oneOf(SORT_ORDERS).default('desc'),
    limit: integer(1, MAX_ERROR_LIST_LIMIT).default(
      String(DEFAULT_ERROR_LIST_LIMIT),
    ),
    offset: integer(0, MAX_OFFSET).default('0'),
    sparkline: flag.default('false'),
  })
  .strict()
  .superRefine(fromBeforeTo);

/**
 * The query of `GET /entities/:namespace/:kind/:name/errors` as a store
 * query of that entity (see {@link parseErrorFilters}).
 */
export function parseErrorListQuery(
  query: unknown,
  context: { entityRef: string; now: number },
): ErrorGroupQuery & { entityRef: string } {
  return {
    entityRef: context.entityRef,
    ...parseErrorFilters(query, context.now),
  };
}

/**
 * The filters of an error list query, the same for one entity's list and
 * for the org-wide search (`GET /errors`): search words split, the
 * last-seen window as given, and the sparkline window when sparklines are
 * asked for.
 */
export function parseErrorFilters(
  query: unknown,
  now: number,
): ErrorGroupFilters {
  const parsed = parseRequest(errorListQuerySchema, query, 'query parameter');
  return {
    terms: splitSearchTerms(parsed.query),
    severities: parsed.severity,
    status: parsed.status,
    lastSeenFrom: parsed.from,
    lastSeenTo: parsed.to,
    sort: parsed.sort,
    order: parsed.order,
    limit: parsed.limit,
    offset: parsed.offset,
    sparkline: parsed.sparkline ? sparklineWindow(now) : undefined,
  };
}
