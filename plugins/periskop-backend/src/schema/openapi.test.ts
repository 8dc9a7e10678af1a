import {
  DEFAULT_ERROR_LIST_LIMIT,
  DEFAULT_SUMMARY_TOP,
  ERROR_SORT_FIELDS,
  ERROR_STATUS_FILTERS,
  ERROR_STATUSES,
  MAX_ERROR_LIST_LIMIT,
  MAX_SEARCH_LENGTH,
  MAX_SUMMARY_TOP,
  OVERVIEW_SORT_FIELDS,
  PERISKOP_ERRORS_SIGNAL_CHANNEL,
  PERISKOP_SEVERITIES,
  SORT_ORDERS,
  SPARKLINE_HOURS,
  TARGET_ORIGINS,
} from '@periskop-backstage/plugin-periskop-common';
import { parseErrorListQuery } from '../service/request/parseErrorListQuery';
import { parseOccurrencesQuery } from '../service/request/parseOccurrencesQuery';
import { parseOverviewQuery } from '../service/request/parseOverviewQuery';
import { parseSummaryQuery } from '../service/request/parseSummaryQuery';
import { spec } from './openapi';

/*
 * The spec repeats the API's value lists, limits and defaults (YAML cannot
 * import them): these tests keep it equal to `values.ts` and to what the
 * request parsers, the only judges of a request, accept.
 */

const NOW = Date.UTC(2026, 10, 21, 10, 0);
const { parameters, schemas } = spec.components;

type QueryParameter = {
  name: string;
  in: string;
  schema: {
    enum?: readonly string[];
    default?: unknown;
    minimum?: number;
    maximum?: number;
    maxLength?: number;
  };
};

/** A query parameter of an operation, `$ref`s resolved. */
function queryParameter(path: string, name: string): QueryParameter {
  const operation = (spec.paths as Record<string, any>)[path].get;
  for (const p of operation.parameters) {
    const resolved = p.$ref
      ? (parameters as Record<string, QueryParameter>)[p.$ref.split('/').pop()]
      : p;
    if (resolved.in === 'query' && resolved.name === name) {
      return resolved;
    }
  }
  throw new Error(`GET ${path} has no query parameter ${name}`);
}

const ENTITY_ERRORS = '/entities/{namespace}/{kind}/{name}/errors';
const listErrors = (query: object) =>
  parseErrorListQuery(query, { entityRef: 'component:default/a', now: NOW });

describe('the OpenAPI spec', () => {
  it('has the value lists of values.ts', () => {
    expect(schemas.PeriskopSeverity.enum).toEqual(PERISKOP_SEVERITIES);
    expect(schemas.ErrorStatus.enum).toEqual(ERROR_STATUSES);
    expect(schemas.TargetOrigin.enum).toEqual(TARGET_ORIGINS);
    expect(parameters.status.schema.enum).toEqual(ERROR_STATUS_FILTERS);
    expect(parameters.sort.schema.enum).toEqual(ERROR_SORT_FIELDS);
    expect(parameters.order.schema.enum).toEqual(SORT_ORDERS);
    expect(queryParameter('/overview', 'sort').schema.enum).toEqual(
      OVERVIEW_SORT_FIELDS,
    );
    expect(schemas.ErrorGroup.properties.sparkline.maxItems).toBe(
      SPARKLINE_HOURS,
    );
  });

  it('names the channel the live-update signals are published on', () => {
    expect(schemas.HealthResponse.properties.liveUpdates.description).toContain(
      `\`${PERISKOP_ERRORS_SIGNAL_CHANNEL}\``,
    );
  });

  it('has the limits of values.ts', () => {
    expect(parameters.limit.schema.maximum).toBe(MAX_ERROR_LIST_LIMIT);
    expect(parameters.limit.schema.default).toBe(DEFAULT_ERROR_LIST_LIMIT);
    expect(parameters.query.schema.maxLength).toBe(MAX_SEARCH_LENGTH);
    expect(queryParameter('/overview', 'query').schema.maxLength).toBe(
      MAX_SEARCH_LENGTH,
    );
    const top = queryParameter(
      '/entities/{namespace}/{kind}/{name}/summary',
      'top',
    ).schema;
    expect(top.maximum).toBe(MAX_SUMMARY_TOP);
    expect(top.default).toBe(DEFAULT_SUMMARY_TOP);
  });

  it('has the defaults the parsers apply', () => {
    const byDefault = listErrors({});
    expect(parameters.status.schema.default).toBe(byDefault.status);
    expect(parameters.sort.schema.default).toBe(byDefault.sort);
    expect(parameters.order.schema.default).toBe(byDefault.order);
    expect(parameters.limit.schema.default).toBe(byDefault.limit);
    expect(parameters.offset.schema.default).toBe(byDefault.offset);
    expect(parameters.sparkline.schema.default).toBe(
      byDefault.sparkline !== undefined,
    );
    const overview = parseOverviewQuery({}, NOW);
    expect(queryParameter('/overview', 'sort').schema.default).toBe(
      overview.sort,
    );
    expect(queryParameter('/overview', 'order').schema.default).toBe(
      overview.order,
    );
  });

  it.each([
    [ENTITY_ERRORS, 'limit', listErrors],
    [ENTITY_ERRORS, 'offset', listErrors],
    ['/errors', 'limit', listErrors],
    [
      '/entities/{namespace}/{kind}/{name}/summary',
      'top',
      (query: object) => parseSummaryQuery(query, NOW),
    ],
    [
      '/errors/{id}/occurrences',
      'step',
      (query: object) => parseOccurrencesQuery(query, NOW),
    ],
  ])(
    'gives the range of %s %s that the parser accepts',
    (path, name, parse) => {
      const { minimum, maximum } = queryParameter(path, name).schema;
      expect(minimum).toBeDefined();
      expect(maximum).toBeDefined();
      for (const ok of [minimum!, maximum!]) {
        expect(() => parse({ [name]: String(ok) })).not.toThrow();
      }
      expect(() => parse({ [name]: String(maximum! + 1) })).toThrow(
        `Invalid query parameter "${name}": must be at most ${maximum}`,
      );
      // below 0 the parser says "must be a whole number" instead
      expect(() => parse({ [name]: String(minimum! - 1) })).toThrow(
        `Invalid query parameter "${name}": must be ${
          minimum! > 0 ? `at least ${minimum}` : 'a whole number'
        }`,
      );
    },
  );

  it('takes the same query parameters for the search as for one entity', () => {
    const names = (path: string) =>
      (spec.paths as Record<string, any>)[path].get.parameters
        .map((p: { $ref?: string; in?: string }) => p.$ref ?? p.in)
        .filter((ref: string) => !/namespace|kind|\/name$/.test(ref));
    expect(names('/errors')).toEqual(names(ENTITY_ERRORS));
  });
});
