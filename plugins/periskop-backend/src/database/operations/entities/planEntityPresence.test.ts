import { planEntityPresence } from './planEntityPresence';

describe('planEntityPresence', () => {
  it('lists new and returning entities and marks the unlisted present ones missing', () => {
    const stored = new Map<string, number | null>([
      ['component:default/present', null],
      ['component:default/gone', null],
      ['component:default/back', 1_000],
      ['component:default/still-gone', 2_000],
    ]);
    expect(
      planEntityPresence(
        stored,
        new Set([
          'component:default/present',
          'component:default/back',
          'component:default/new',
        ]),
      ),
    ).toEqual({
      listed: ['component:default/back', 'component:default/new'],
      // still-gone keeps its first missing_since: nothing to write
      missing: ['component:default/gone'],
    });
  });

  it('changes nothing when the list is what is stored', () => {
    const stored = new Map<string, number | null>([
      ['component:default/a', null],
      ['component:default/b', 5],
    ]);
    expect(
      planEntityPresence(stored, new Set(['component:default/a'])),
    ).toEqual({ listed: [], missing: [] });
  });

  it('marks every present entity missing on an empty list', () => {
    const stored = new Map<string, number | null>([
      ['component:default/a', null],
      ['component:default/b', null],
    ]);
    expect(planEntityPresence(stored, new Set())).toEqual({
      listed: [],
      missing: ['component:default/a', 'component:default/b'],
    });
  });
});
