import { GroupUpdate } from '../../../aggregation/types';
import { detectTransitions, GroupStateBefore } from './GroupTransition';
import { overflowUpdate } from './overflowGroup';

const ENTITY = 'component:default/api';

function update(key: string, delta: number): GroupUpdate {
  return {
    keyHash: `hash-${key}`,
    aggregationKey: key,
    delta,
    currentCount: delta,
    severity: 'error',
    errorClass: 'Error',
    message: `${key} failed`,
    searchText: key,
    latestSampleAt: null,
    firstSeen: 0,
    lastSeen: 0,
    samples: [],
  };
}

const open = (totalCount: number): GroupStateBefore => ({
  totalCount,
  status: 'open',
  resolvedBy: null,
});

describe('detectTransitions', () => {
  it('calls a group whose total was 0 new and a resolved one regressed', () => {
    const before = new Map<number, GroupStateBefore>([
      [1, open(0)],
      [2, { totalCount: 10, status: 'resolved', resolvedBy: 'user:default/a' }],
      [3, open(10)],
    ]);
    const transitions = detectTransitions(
      ENTITY,
      [
        { id: 1, update: update('A', 2) },
        { id: 2, update: update('B', 3) },
        { id: 3, update: update('C', 4) },
      ],
      before,
    );
    expect(transitions).toEqual([
      {
        kind: 'new',
        groupId: 1,
        entityRef: ENTITY,
        aggregationKey: 'A',
        errorClass: 'Error',
        message: 'A failed',
        severity: 'error',
        newOccurrences: 2,
        totalCount: 2,
        resolvedBy: null,
      },
      expect.objectContaining({
        kind: 'regressed',
        groupId: 2,
        newOccurrences: 3,
        totalCount: 13,
        resolvedBy: 'user:default/a',
      }),
    ]);
  });

  it('calls a resolved group that never counted anything new, not regressed', () => {
    const transitions = detectTransitions(
      ENTITY,
      [{ id: 1, update: update('A', 1) }],
      new Map([[1, { totalCount: 0, status: 'resolved', resolvedBy: 'x' }]]),
    );
    expect(transitions.map(t => t.kind)).toEqual(['new']);
  });

  it('ignores the overflow group, groups without new occurrences and groups it has no row of', () => {
    expect(
      detectTransitions(
        ENTITY,
        [
          { id: 1, update: overflowUpdate([update('A', 1)]) },
          { id: 2, update: update('B', 0) },
          { id: 3, update: update('C', 1) },
        ],
        new Map([
          [1, open(0)],
          [2, open(0)],
        ]),
      ),
    ).toEqual([]);
  });
});
