import { OverviewRow } from '@periskop-backstage/plugin-periskop-common';
import { readParams, sortRows, writeParams } from './overviewParams';

const row = (
  title: string,
  overrides: Partial<OverviewRow> = {},
): OverviewRow => ({
  entityRef: `component:default/${title.toLowerCase()}`,
  title,
  owner: null,
  openErrors: 0,
  newErrors: 0,
  regressedErrors: 0,
  occurrences: 0,
  targetsUp: 1,
  targetsTotal: 1,
  pushOnly: false,
  ...overrides,
});

describe('overview URL parameters', () => {
  it('reads defaults and ignores unknown values', () => {
    expect(
      readParams(
        new URLSearchParams('view=everyone&window=2y&sort=color&order=up'),
      ),
    ).toEqual({
      view: undefined,
      query: '',
      window: '24h',
      sort: 'openErrors',
      order: 'desc',
    });
    expect(readParams(new URLSearchParams('sort=title')).order).toBe('asc');
  });

  it('writes only what differs from the defaults and keeps other parameters', () => {
    const written = writeParams(new URLSearchParams('other=1&window=7d'), {
      view: 'all',
      query: 'auth api',
      window: '24h',
      sort: 'occurrences',
      order: 'desc',
    });
    expect(Object.fromEntries(written)).toEqual({
      other: '1',
      view: 'all',
      q: 'auth api',
      sort: 'occurrences',
    });
    expect(
      writeParams(new URLSearchParams('q=x&sort=title'), {
        query: '  ',
        sort: 'openErrors',
        order: 'desc',
      }).toString(),
    ).toBe('');
  });
});

describe('sortRows', () => {
  const rows = [
    row('Beta', { occurrences: 5, owner: 'group:default/zeta' }),
    row('Alpha', { occurrences: 5, owner: 'group:default/eta' }),
    row('Gamma', { occurrences: 9, targetsUp: 0, targetsTotal: 2 }),
    row('Delta', { occurrences: 1, targetsUp: 0, targetsTotal: 0 }),
  ];
  const titles = (sorted: OverviewRow[]) => sorted.map(r => r.title);

  it('sorts numbers in both directions with ties always by title A-Z', () => {
    expect(titles(sortRows(rows, 'occurrences', 'desc'))).toEqual([
      'Gamma',
      'Alpha',
      'Beta',
      'Delta',
    ]);
    expect(titles(sortRows(rows, 'occurrences', 'asc'))).toEqual([
      'Delta',
      'Alpha',
      'Beta',
      'Gamma',
    ]);
  });

  it('sorts owners by name and target health by the share of targets up', () => {
    expect(titles(sortRows(rows, 'owner', 'asc'))).toEqual([
      'Delta',
      'Gamma',
      'Alpha',
      'Beta',
    ]);
    // no target known first, then none up, then all up
    expect(titles(sortRows(rows, 'targetsUp', 'asc'))).toEqual([
      'Delta',
      'Gamma',
      'Alpha',
      'Beta',
    ]);
  });

  it('does not change the input', () => {
    const copy = [...rows];
    sortRows(rows, 'title', 'desc');
    expect(rows).toEqual(copy);
  });
});
