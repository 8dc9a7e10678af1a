import {
  generatePushKey,
  hashPushKey,
  isWellFormedPushKey,
  maskPushKey,
  pushKeyHint,
} from './pushKeys';

describe('push keys', () => {
  it('are random, prefixed, URL-safe and recognised', () => {
    const keys = new Set(Array.from({ length: 100 }, generatePushKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^pskp_[A-Za-z0-9_-]{43}$/);
      expect(encodeURIComponent(key)).toBe(key);
      expect(isWellFormedPushKey(key)).toBe(true);
    }
  });

  it.each([
    ['empty', ''],
    ['without the prefix', 'A'.repeat(48)],
    ['too short', `pskp_${'A'.repeat(42)}`],
    ['too long', `pskp_${'A'.repeat(44)}`],
    ['with other characters', `pskp_${'A'.repeat(42)}/`],
  ])('rejects a value %s before any lookup', (_, value) => {
    expect(isWellFormedPushKey(value)).toBe(false);
  });

  it('is stored as its SHA-256 and shown by its last four characters', () => {
    const key = `pskp_${'a'.repeat(39)}wxyz`;
    expect(hashPushKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPushKey(key)).toBe(hashPushKey(key));
    expect(hashPushKey(key)).not.toBe(hashPushKey(`${key.slice(0, -1)}Z`));
    expect(pushKeyHint(key)).toBe('wxyz');
  });

  it('is masked to its prefix and hint where URLs are logged', () => {
    const key = `pskp_${'a'.repeat(39)}wxyz`;
    expect(maskPushKey(key)).toBe('pskp_…wxyz');
    expect(maskPushKey('not-a-key-but-maybe-a-secret')).toBe('[push key]');
  });
});
