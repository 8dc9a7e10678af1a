import {
  isLuhnValid,
  looksLikeCardNumber,
  redactCardNumbers,
} from './redactCardNumbers';

describe('looksLikeCardNumber', () => {
  it.each([
    '4111111111111111',
    '5500005555555559',
    '378282246310005',
    '6011111111111117',
    '4222222222222',
    '6011000000000000001',
  ])('accepts the test card %s', digits => {
    expect(looksLikeCardNumber(digits)).toBe(true);
  });

  it('refuses Luhn-invalid numbers, other lengths and other first digits', () => {
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(looksLikeCardNumber('4111111111111112')).toBe(false);
    expect(looksLikeCardNumber('411111111111')).toBe(false);
    expect(looksLikeCardNumber('41111111111111111110')).toBe(false);
    // a millisecond timestamp that happens to pass the Luhn check
    expect(isLuhnValid('1733011200008')).toBe(true);
    expect(looksLikeCardNumber('1733011200008')).toBe(false);
  });
});

describe('redactCardNumbers', () => {
  it('redacts card numbers written together, in groups, anywhere in a text', () => {
    expect(redactCardNumbers('card 4111111111111111 declined')).toBe(
      'card [REDACTED] declined',
    );
    expect(redactCardNumbers('pan=4111 1111 1111 1111&x=1')).toBe(
      'pan=[REDACTED]&x=1',
    );
    expect(redactCardNumbers('5500-0055-5555-5559.')).toBe('[REDACTED].');
    expect(redactCardNumbers('{"n":"378282246310005"}')).toBe(
      '{"n":"[REDACTED]"}',
    );
    expect(redactCardNumbers('a 4111111111111111 b 6011111111111117')).toBe(
      'a [REDACTED] b [REDACTED]',
    );
  });

  it('finds a card among other numbers and takes the longest candidate', () => {
    expect(redactCardNumbers('order 12 4111 1111 1111 1111 at 10')).toBe(
      'order 12 [REDACTED] at 10',
    );
    expect(redactCardNumbers('6011 0000 0000 0000 001')).toBe('[REDACTED]');
  });

  it('leaves no digit of a card behind when a number in front makes a Luhn-valid run into it', () => {
    // "6 4111 1111 1111" and "20000 4111 1111" are Luhn-valid themselves
    expect(redactCardNumbers('qty 6 4111 1111 1111 1111 ok')).toBe(
      'qty [REDACTED] ok',
    );
    expect(redactCardNumbers('order 20000 4111 1111 1111 1111')).toBe(
      'order [REDACTED]',
    );
  });

  it('takes cards of every network, not only those starting with 2 to 6', () => {
    expect(looksLikeCardNumber('8172000000000005')).toBe(true);
    expect(redactCardNumbers('rupay 8172 0000 0000 0005')).toBe(
      'rupay [REDACTED]',
    );
  });

  it('leaves timestamps, long ids and other numbers alone', () => {
    for (const text of [
      'at 1733011200008 ms',
      'id 41111111111111111111111',
      '4111111111111112',
      'line 42, column 7',
      '2026-11-21 19:21:20',
    ]) {
      expect(redactCardNumbers(text)).toBe(text);
    }
  });
});
