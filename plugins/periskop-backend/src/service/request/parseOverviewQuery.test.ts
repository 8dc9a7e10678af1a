import { InputError } from '@backstage/errors';
import { parseOverviewQuery } from './parseOverviewQuery';

const NOW = Date.UTC(2026, 10, 21, 10, 0);

describe('parseOverviewQuery', () => {
  it('defaults to every owner, the last 24 hours and the most open errors first', () => {
    expect(parseOverviewQuery({}, NOW)).toEqual({
      owners: undefined,
      terms: [],
      from: NOW - 24 * 3_600_000,
      to: NOW,
      sort: 'openErrors',
      order: 'desc',
    });
  });

  it('reads owners (repeatable), words, window and sort', () => {
    expect(
      parseOverviewQuery(
        {
          owner: ['group:default/team-a', 'team-b'],
          query: 'Auth API',
          from: '2026-11-20T10:00:00Z',
          sort: 'title',
          order: 'asc',
        },
        NOW,
      ),
    ).toEqual({
      owners: ['group:default/team-a', 'group:default/team-b'],
      terms: ['auth', 'api'],
      from: Date.UTC(2026, 10, 20, 10),
      to: NOW,
      sort: 'title',
      order: 'asc',
    });
  });

  it.each([
    [{ owner: '' }, 'Invalid query parameter "owner": must not be empty'],
    [
      { owner: 'group:' },
      'Invalid query parameter "owner": must be an entity ref such as group:default/name',
    ],
    [
      { owner: ['team-a', 'group:default/'] },
      'Invalid query parameter "owner": must be an entity ref such as group:default/name',
    ],
    [
      { owner: { a: 'b' } },
      'Invalid query parameter "owner": must be a list of values',
    ],
    [
      { sort: 'name' },
      'Invalid query parameter "sort": must be one of "entityRef", "title", "owner", "openErrors", "newErrors", "regressedErrors", "occurrences", "targetsUp"',
    ],
    [
      { order: 'up' },
      'Invalid query parameter "order": must be one of "asc", "desc"',
    ],
    [
      { to: '2026-11-20T00:00:00Z', from: '2026-11-21T00:00:00Z' },
      'Invalid query parameter "from": must be before "to"',
    ],
  ])('rejects %j', (query, message) => {
    expect(() => parseOverviewQuery(query, NOW)).toThrow(
      new InputError(message),
    );
  });
});
