import { limitTargetsPerEntity } from './limitTargetsPerEntity';
import type { ScrapeTarget } from './types';

function target(entityRef: string, n: number): ScrapeTarget {
  const url = `http://10.0.0.${n}:8080/-/exceptions`;
  return { id: `${entityRef}-${n}`, entityRef, url, source: url };
}

describe('limitTargetsPerEntity', () => {
  it('keeps the first targets of each entity and reports the rest in one row', () => {
    const a = [1, 2, 3, 4, 5].map(n => target('component:default/a', n));
    const b = [1, 2].map(n => target('component:default/b', n));
    const { targets, problems } = limitTargetsPerEntity([...a, ...b], 2);

    const reason =
      'periskop.discovery.maxTargetsPerEntity is 2: component:default/a has 5 targets, 3 of them (this one and every one after it) are not scraped';
    expect(targets).toEqual([
      a[0],
      a[1],
      { ...a[2], unavailableReason: reason },
      b[0],
      b[1],
    ]);
    expect(problems).toEqual([
      { entityRef: 'component:default/a', message: reason },
    ]);
    // the input is not changed
    expect(a[2].unavailableReason).toBeUndefined();
  });

  it('changes nothing within the limit', () => {
    const all = [1, 2].map(n => target('component:default/a', n));
    expect(limitTargetsPerEntity(all, 2)).toEqual({
      targets: all,
      problems: [],
    });
  });
});
