import {
  OVERVIEW_SORT_FIELDS,
  OverviewSortField,
  SORT_ORDERS,
  SortOrder,
  splitSearchTerms,
} from '@periskop-backstage/plugin-periskop-common';
import { z } from 'zod';
import { parseRequest } from './parseRequest';
import {
  entityRef,
  isoTime,
  oneOf,
  repeatable,
  searchText,
} from './schemaParts';
import { resolveWindow } from './timeWindow';

const overviewQuerySchema = z
  .object({
    owner: repeatable(
      z
        .string()
        .min(1, { message: 'must not be empty' })
        .pipe(entityRef('group')),
    ).optional(),
    query: searchText.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    sort: oneOf(OVERVIEW_SORT_FIELDS).default('openErrors'),
    order: oneOf(SORT_ORDERS).default('desc'),
  })
  // from < to is checked with the defaults applied, by resolveWindow
  .strict();

/** What the overview is asked for. */
export interface OverviewQuery {
  /** Full refs of owners (`group:default/team-a`). */
  owners?: string[];
  /** Words that must all occur in an entity's ref, title or owner. */
  terms: string[];
  from: number;
  to: number;
  sort: OverviewSortField;
  order: SortOrder;
}

/** The query of `GET /overview`; the window defaults to the last 24 hours. */
export function parseOverviewQuery(query: unknown, now: number): OverviewQuery {
  const parsed = parseRequest(overviewQuerySchema, query, 'query parameter');
  return {
    owners: parsed.owner,
    terms: splitSearchTerms(parsed.query),
    ...resolveWindow(parsed, now),
    sort: parsed.sort,
    order: parsed.order,
  };
}
