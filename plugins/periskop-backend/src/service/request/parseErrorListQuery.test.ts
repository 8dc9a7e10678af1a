import { InputError } from '@backstage/errors';
import { parseErrorFilters, parseErrorListQuery } from './parseErrorListQuery';

const context = {
  entityRef: 'component:default/api',
  now: Date.UTC(2026, 10, 21, 10, 30),
};

describe('parseErrorListQuery', () => {
  it('applies the defaults of an empty query', () => {
    expect(parseErrorListQuery({}, context)).toEqual({
      entityRef: 'component:default/api',
      terms: [],
      severities: undefined,
      status: 'open',
      lastSeenFrom: undefined,
      lastSeenTo: undefined,
      sort: 'lastSeen',
      order: 'desc',
      limit: 25,
      offset: 0,
      sparkline: undefined,
    });
  });

  it('splits the search into lower-case words and reads every filter', () => {
    const query = parseErrorListQuery(
      {
        query: '  NullPointer   CART ',
        severity: ['error', 'warning'],
        status: 'all',
        from: '2026-11-21T00:00:00Z',
        to: '2026-11-21T10:00:00Z',
        sort: 'totalCount',
        order: 'asc',
        limit: '100',
        offset: '200',
      },
      context,
    );
    expect(query).toMatchObject({
      terms: ['nullpointer', 'cart'],
      severities: ['error', 'warning'],
      status: 'all',
      lastSeenFrom: Date.UTC(2026, 10, 21, 0),
      lastSeenTo: Date.UTC(2026, 10, 21, 10),
      sort: 'totalCount',
      order: 'asc',
      limit: 100,
      offset: 200,
    });
  });

  it('takes a single severity as a list of one', () => {
    expect(
      parseErrorListQuery({ severity: 'info' }, context).severities,
    ).toEqual(['info']);
  });

  it('asks for sparklines of the 24 hours up to the end of the current hour', () => {
    expect(
      parseErrorListQuery({ sparkline: 'true' }, context).sparkline,
    ).toEqual({
      from: Date.UTC(2026, 10, 20, 11),
      to: Date.UTC(2026, 10, 21, 11),
      stepMs: 3_600_000,
    });
  });

  it.each([
    [
      { status: 'closed' },
      'Invalid query parameter "status": must be one of "open", "resolved", "all"',
    ],
    [
      { sort: 'name' },
      'Invalid query parameter "sort": must be one of "lastSeen", "totalCount", "firstSeen"',
    ],
    [
      { severity: ['error', 'fatal'] },
      'Invalid query parameter "severity": must be one of "error", "warning", "info"',
    ],
    [{ limit: '0' }, 'Invalid query parameter "limit": must be at least 1'],
    [{ limit: '501' }, 'Invalid query parameter "limit": must be at most 500'],
    [
      { limit: 'ten' },
      'Invalid query parameter "limit": must be a whole number',
    ],
    [
      { limit: ['1', '2'] },
      'Invalid query parameter "limit": must be given once',
    ],
    [
      { from: 'yesterday' },
      'Invalid query parameter "from": must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
    ],
    [
      { from: '2026-11-21T10:00:00Z', to: '2026-11-21T09:00:00Z' },
      'Invalid query parameter "from": must be before "to"',
    ],
    [
      { query: 'x'.repeat(501) },
      'Invalid query parameter "query": must be at most 500 characters',
    ],
    [
      { sparkline: 'yes' },
      'Invalid query parameter "sparkline": must be one of "true", "false"',
    ],
    [{ page: '2' }, 'Unknown query parameter "page"'],
  ])('rejects %j', (query, message) => {
    expect(() => parseErrorListQuery(query, context)).toThrow(
      new InputError(message),
    );
  });
});

describe('parseErrorFilters (the org-wide search)', () => {
  it("reads the same query as one entity's list, without an entity", () => {
    const query = {
      query: 'Timeout /checkout',
      severity: 'warning',
      status: 'resolved',
      sort: 'firstSeen',
      order: 'asc',
      limit: '10',
      offset: '20',
      sparkline: 'true',
    };
    const { entityRef, ...filters } = parseErrorListQuery(query, context);
    expect(entityRef).toBe(context.entityRef);
    expect(parseErrorFilters(query, context.now)).toEqual(filters);
    const { entityRef: _ref, ...defaults } = parseErrorListQuery({}, context);
    expect(parseErrorFilters({}, context.now)).toEqual(defaults);
  });

  it.each([
    [
      { offset: 'x' },
      'Invalid query parameter "offset": must be a whole number',
    ],
    [
      { entityRef: 'component:default/api' },
      'Unknown query parameter "entityRef"',
    ],
    [
      { order: ['asc', 'desc'] },
      'Invalid query parameter "order": must be given once',
    ],
  ])('rejects %j naming the parameter', (query, message) => {
    expect(() => parseErrorFilters(query, context.now)).toThrow(
      new InputError(message),
    );
  });
});
