import { oneLine, quote, truncate } from './reasonText';

describe('reasonText', () => {
  it('folds white space and control characters into single spaces', () => {
    expect(oneLine('  a\r\n\tb\u0000\u001fc\u007f  ')).toBe('a b c');
  });

  it('truncates with an ellipsis inside the limit', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
  });

  it('quotes as a JSON string of at most 200 characters', () => {
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
    expect(JSON.parse(quote('x'.repeat(300)))).toHaveLength(200);
  });
});
