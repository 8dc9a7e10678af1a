import { limitNotice } from './limitNotice';

describe('limitNotice', () => {
  const limits = { groupsPerEntity: 1000, newGroupsPerTargetPerCycle: 250 };

  it('names the entity cap, its value and config key, and the keys folded', () => {
    expect(limitNotice(38, 'groupsPerEntity', limits)).toBe(
      '38 error keys folded into "Other errors (over the group cap)": the entity has 1000 groups (periskop.limits.groupsPerEntity)',
    );
  });

  it('names the per-scrape cap, and one key in the singular', () => {
    expect(limitNotice(1, 'newGroupsPerTargetPerCycle', limits)).toBe(
      '1 error key folded into "Other errors (over the group cap)": one scrape of a target may create 250 groups (periskop.limits.newGroupsPerTargetPerCycle)',
    );
  });
});
