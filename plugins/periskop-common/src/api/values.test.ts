import {
  ERROR_STATUS_FILTERS,
  ERROR_STATUSES,
  splitSearchTerms,
  TIME_WINDOWS,
} from './values';

describe('API value lists', () => {
  it('splits a search into lower-case words', () => {
    expect(splitSearchTerms('  NullPointer\tCART  api ')).toEqual([
      'nullpointer',
      'cart',
      'api',
    ]);
    expect(splitSearchTerms(undefined)).toEqual([]);
    expect(splitSearchTerms('   ')).toEqual([]);
  });

  it('filters by every status, or all', () => {
    expect(ERROR_STATUS_FILTERS).toEqual([...ERROR_STATUSES, 'all']);
  });

  it('lists windows shortest first, unbounded last', () => {
    const bounded = TIME_WINDOWS.filter(w => w.durationMs !== undefined).map(
      w => w.durationMs!,
    );
    expect(bounded).toEqual([...bounded].sort((a, b) => a - b));
    expect(TIME_WINDOWS[TIME_WINDOWS.length - 1].durationMs).toBeUndefined();
  });
});
