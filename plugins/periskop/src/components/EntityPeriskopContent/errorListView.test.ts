import {
  DEFAULT_ERROR_LIST_VIEW,
  errorListKey,
  filtersDifferFromDefault,
  parseErrorListView,
  toErrorListQuery,
  writeErrorListView,
} from './errorListView';

const params = (search: string) => new URLSearchParams(search);

describe('parseErrorListView', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parseErrorListView(params(''))).toEqual(DEFAULT_ERROR_LIST_VIEW);
    expect(DEFAULT_ERROR_LIST_VIEW).toMatchObject({
      status: 'open',
      window: '24h',
      sort: 'lastSeen',
      order: 'desc',
      page: 1,
      pageSize: 25,
    });
  });

  it('reads every parameter', () => {
    expect(
      parseErrorListView(
        params(
          'q=%20token%20&severity=warning&severity=error&status=all&window=7d&sort=totalCount&order=asc&page=3&pageSize=50&errorId=g-1',
        ),
      ),
    ).toEqual({
      query: 'token',
      severities: ['error', 'warning'],
      status: 'all',
      window: '7d',
      sort: 'totalCount',
      order: 'asc',
      page: 3,
      pageSize: 50,
      errorId: 'g-1',
    });
  });

  it('falls back to defaults for malformed values instead of failing', () => {
    expect(
      parseErrorListView(
        params(
          'severity=fatal&severity=info&severity=info&status=closed&window=2h&sort=name&order=up&page=-1&pageSize=1000&errorId=',
        ),
      ),
    ).toEqual({ ...DEFAULT_ERROR_LIST_VIEW, severities: ['info'] });
    expect(parseErrorListView(params('page=1.5&pageSize=abc'))).toEqual(
      DEFAULT_ERROR_LIST_VIEW,
    );
  });
});

describe('writeErrorListView', () => {
  it('leaves defaults out and repeats severity', () => {
    const next = writeErrorListView(params(''), {
      query: 'db timeout',
      severities: ['warning', 'error'],
      status: 'open',
      page: 1,
    });
    expect(next.toString()).toBe(
      'q=db+timeout&severity=error&severity=warning',
    );
  });

  it('keeps parameters it does not own and removes cleared ones', () => {
    const next = writeErrorListView(params('tab=x&q=token&errorId=g-1'), {
      query: '',
      errorId: undefined,
    });
    expect(next.toString()).toBe('tab=x');
  });

  it('round-trips through parse', () => {
    const view = {
      ...DEFAULT_ERROR_LIST_VIEW,
      query: 'a/b #c',
      severities: ['info' as const],
      status: 'resolved' as const,
      window: 'all' as const,
      sort: 'firstSeen' as const,
      order: 'asc' as const,
      page: 2,
      pageSize: 100,
      errorId: 'id with/slash',
    };
    expect(parseErrorListView(writeErrorListView(params(''), view))).toEqual(
      view,
    );
  });
});

describe('toErrorListQuery', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z');

  it('asks for sparklines and computes from, limit and offset', () => {
    expect(
      toErrorListQuery(
        {
          ...DEFAULT_ERROR_LIST_VIEW,
          query: 'token',
          severities: ['warning'],
          page: 3,
          pageSize: 50,
        },
        now,
      ),
    ).toEqual({
      sparkline: true,
      query: 'token',
      severity: ['warning'],
      status: 'open',
      from: '2024-04-30T12:00:00.000Z',
      sort: 'lastSeen',
      order: 'desc',
      limit: 50,
      offset: 100,
    });
  });

  it('sends no from for all time and no empty filters', () => {
    const query = toErrorListQuery(
      { ...DEFAULT_ERROR_LIST_VIEW, window: 'all' },
      now,
    );
    expect(query.from).toBeUndefined();
    expect(query.query).toBeUndefined();
    expect(query.severity).toBeUndefined();
  });

  it.each([
    ['1h', '2024-05-01T11:00:00.000Z'],
    ['7d', '2024-04-24T12:00:00.000Z'],
    ['30d', '2024-04-01T12:00:00.000Z'],
  ] as const)('computes from for %s', (window, from) => {
    expect(
      toErrorListQuery({ ...DEFAULT_ERROR_LIST_VIEW, window }, now).from,
    ).toBe(from);
  });
});

describe('filtersDifferFromDefault and errorListKey', () => {
  it('tells filters apart from sort, paging and the open error', () => {
    expect(filtersDifferFromDefault(DEFAULT_ERROR_LIST_VIEW)).toBe(false);
    expect(
      filtersDifferFromDefault({
        ...DEFAULT_ERROR_LIST_VIEW,
        sort: 'firstSeen',
      }),
    ).toBe(false);
    expect(
      filtersDifferFromDefault({ ...DEFAULT_ERROR_LIST_VIEW, window: '1h' }),
    ).toBe(true);
    expect(errorListKey({ ...DEFAULT_ERROR_LIST_VIEW, errorId: 'x' })).toBe(
      errorListKey(DEFAULT_ERROR_LIST_VIEW),
    );
    expect(errorListKey({ ...DEFAULT_ERROR_LIST_VIEW, page: 2 })).not.toBe(
      errorListKey(DEFAULT_ERROR_LIST_VIEW),
    );
  });
});
