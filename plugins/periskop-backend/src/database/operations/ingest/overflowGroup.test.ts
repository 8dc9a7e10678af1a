import { GroupUpdate, SampleRecord } from '../../../aggregation/types';
import { sampleContent } from '../../../aggregation/sampleContent';
import {
  OVERFLOW_GROUP_TITLE,
  OVERFLOW_KEY_HASH,
  overflowUpdate,
} from './overflowGroup';

function sample(uuid: string, timestampMs: number): SampleRecord {
  return {
    uuid,
    timestampMs,
    severity: 'warning',
    content: sampleContent(
      { class: 'E', message: uuid, stacktrace: [], cause: null },
      null,
    ),
  };
}

function folded(name: string, extra: Partial<GroupUpdate>): GroupUpdate {
  return {
    keyHash: name,
    aggregationKey: name,
    delta: 1,
    currentCount: 1,
    severity: 'warning',
    errorClass: 'E',
    message: `user ${name} not found`,
    searchText: name,
    latestSampleAt: null,
    firstSeen: 1000,
    lastSeen: 2000,
    samples: [],
    ...extra,
  };
}

describe('overflowUpdate', () => {
  it('sums the folded keys, widens first and last seen and keeps their samples under a fixed title', () => {
    const update = overflowUpdate([
      folded('a', {
        delta: 3,
        firstSeen: 500,
        lastSeen: 900,
        samples: [sample('s1', 900)],
        latestSampleAt: 900,
      }),
      folded('b', { delta: 4, firstSeen: 700, lastSeen: 3000 }),
      folded('c', { delta: 0 }),
    ]);
    expect(update).toEqual({
      keyHash: OVERFLOW_KEY_HASH,
      aggregationKey: OVERFLOW_GROUP_TITLE,
      delta: 7,
      currentCount: 0,
      severity: 'error',
      errorClass: OVERFLOW_GROUP_TITLE,
      message: OVERFLOW_GROUP_TITLE,
      searchText: OVERFLOW_GROUP_TITLE.toLowerCase(),
      // no sample renames the group
      latestSampleAt: null,
      firstSeen: 500,
      lastSeen: 3000,
      samples: [sample('s1', 900)],
    });
  });

  it('has a key hash no sha256 hex of a key can be', () => {
    expect(OVERFLOW_KEY_HASH).not.toMatch(/^[0-9a-f]{64}$/);
  });
});
