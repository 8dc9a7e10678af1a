import { ReorderingTargets } from './ReorderingTargets';

describe('ReorderingTargets', () => {
  it('stops hashing after two misses in a row, probes now and then, and forgets on a match', () => {
    const targets = new ReorderingTargets();
    expect(targets.shouldHash('t')).toBe(true);
    targets.countsMatched('t', true);
    expect(targets.shouldHash('t')).toBe(true); // one miss is not enough
    targets.countsMatched('t', true);
    const hashes = Array.from({ length: 32 }, () => targets.shouldHash('t'));
    // skipped, except once in 16 scrapes
    expect(hashes.filter(Boolean)).toHaveLength(2);
    // scrapes that were not hashed teach nothing
    targets.countsMatched('t', false);
    // a probe that finds the stored bytes: stable again
    targets.bytesMatched('t');
    expect(targets.shouldHash('t')).toBe(true);
    expect(targets.shouldHash('t')).toBe(true);
  });

  it('keeps targets apart', () => {
    const targets = new ReorderingTargets();
    targets.countsMatched('go', true);
    targets.countsMatched('go', true);
    expect(targets.shouldHash('go')).toBe(false);
    expect(targets.shouldHash('python')).toBe(true);
  });
});
