import { redactBody } from './redactBody';
import { redactNamedValues } from './redactNamedValues';
import { redactSecretValues } from './redactSecretValues';
import { DEFAULT_SECRET_NAME_PATTERNS, secretNameMatcher } from './secretNames';

const isSecret = secretNameMatcher(DEFAULT_SECRET_NAME_PATTERNS);
const redactText = (text: string) =>
  redactSecretValues(redactNamedValues(text, isSecret));
const redact = (body: string, contentType?: string) =>
  redactBody(body, contentType, isSecret, redactText);

describe('redactBody', () => {
  it('redacts JSON bodies member by member', () => {
    expect(redact(' {"login":"bob","passwd":"x"}')).toBe(
      ' {"login":"bob","passwd":"[REDACTED]"}',
    );
    expect(redact('"token=abc"', 'application/json')).toBe(
      '"token=[REDACTED]"',
    );
  });

  it('redacts form bodies field by field, by content type or by shape', () => {
    expect(redact('user=bob&password=hunter2')).toBe(
      'user=bob&password=[REDACTED]',
    );
    expect(
      redact(
        'note=see+you&pin=1234',
        'application/x-www-form-urlencoded; charset=utf-8',
      ),
    ).toBe('note=see+you&pin=[REDACTED]');
  });

  it('redacts anything else, and JSON cut short, as text', () => {
    expect(redact('{"user":"bob","password":"hunt')).toBe(
      '{"user":"bob","password":"[REDACTED]"',
    );
    expect(redact('please charge 4111 1111 1111 1111 today')).toBe(
      'please charge [REDACTED] today',
    );
    expect(redact('plain text')).toBe('plain text');
  });
});
