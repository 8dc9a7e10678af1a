import { GroupUpdate } from '../../../aggregation/types';
import { capNewGroups } from './capNewGroups';

function key(name: string, delta: number): GroupUpdate {
  return {
    keyHash: name,
    aggregationKey: name,
    delta,
    currentCount: delta,
    severity: 'error',
    errorClass: 'Error',
    message: name,
    searchText: name,
    latestSampleAt: null,
    firstSeen: 0,
    lastSeen: 0,
    samples: [],
  };
}

const names = (updates: GroupUpdate[]) => updates.map(u => u.keyHash);

describe('capNewGroups', () => {
  const limits = { groupsPerEntity: 10, newGroupsPerTargetPerCycle: 3 };

  it('creates every key while there is room under both caps', () => {
    expect(
      capNewGroups([key('a', 1), key('b', 2)], {
        entityGroups: 5,
        createdThisScrape: 0,
        limits,
      }),
    ).toEqual({ create: [key('a', 1), key('b', 2)], fold: [], cap: null });
  });

  it('gives groups to the keys with the most new occurrences and folds the rest, naming the entity cap', () => {
    const decision = capNewGroups(
      [key('a', 1), key('b', 5), key('c', 5), key('d', 9)],
      { entityGroups: 8, createdThisScrape: 0, limits },
    );
    // ties go by key hash, so that a retried apply decides alike
    expect(names(decision.create)).toEqual(['d', 'b']);
    expect(names(decision.fold)).toEqual(['c', 'a']);
    expect(decision.cap).toBe('groupsPerEntity');
  });

  it('folds past the per-scrape cap, counting the groups this scrape created already', () => {
    const decision = capNewGroups([key('a', 1), key('b', 2), key('c', 3)], {
      entityGroups: 0,
      createdThisScrape: 1,
      limits,
    });
    expect(names(decision.create)).toEqual(['c', 'b']);
    expect(names(decision.fold)).toEqual(['a']);
    expect(decision.cap).toBe('newGroupsPerTargetPerCycle');
  });

  it('folds everything when the entity is at or over its cap', () => {
    const decision = capNewGroups([key('a', 1)], {
      entityGroups: 12,
      createdThisScrape: 0,
      limits,
    });
    expect(decision).toEqual({
      create: [],
      fold: [key('a', 1)],
      cap: 'groupsPerEntity',
    });
  });
});
