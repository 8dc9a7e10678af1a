import { redactJsonText } from './redactJsonText';
import { redactSecretValues } from './redactSecretValues';
import { DEFAULT_SECRET_NAME_PATTERNS, secretNameMatcher } from './secretNames';

const isSecret = secretNameMatcher(DEFAULT_SECRET_NAME_PATTERNS);
const redact = (json: string) =>
  redactJsonText(json, isSecret, redactSecretValues);

describe('redactJsonText', () => {
  it('replaces the values of secret members at any depth, whatever their type', () => {
    expect(
      redact(
        '{"user":{"name":"bob","password":"hunter2","auth":{"a":[1,"x"]}},"items":[{"token":42}],"session":null}',
      ),
    ).toBe(
      '{"user":{"name":"bob","password":"[REDACTED]","auth":"[REDACTED]"},"items":[{"token":"[REDACTED]"}],"session":null}',
    );
  });

  it('redacts card numbers in strings and numbers, and secrets in names', () => {
    expect(redact('{"card":"4111111111111111"}')).toBe('{"card":"[REDACTED]"}');
    expect(redact('{"card": 4111111111111111, "n": 12}')).toBe(
      '{"card": "[REDACTED]", "n": 12}',
    );
    expect(redact('["Bearer abcdefgh12", {"4111111111111111": 1}]')).toBe(
      '["Bearer [REDACTED]", {"[REDACTED]": 1}]',
    );
  });

  it('keeps every other byte: spacing, escapes, order, duplicates, big numbers', () => {
    const json =
      '{\n  "id": 12345678901234567890123,\n  "a": "\\u00e9\\n\\"q\\"",\n  "a": [ true , false ]\n}';
    expect(redact(json)).toBe(json);
    expect(
      redact('{ "id" : 123456789012345678901 , "secret" : "s\\"}{" , "b":1 }'),
    ).toBe(
      '{ "id" : 123456789012345678901 , "secret" : "[REDACTED]" , "b":1 }',
    );
  });

  it('handles scalars at the top and refuses text that is not JSON', () => {
    expect(redact('"4111 1111 1111 1111"')).toBe('"[REDACTED]"');
    expect(redact('17')).toBe('17');
    expect(redact('{"password":"cut sho')).toBeUndefined();
    expect(redact('user=bob')).toBeUndefined();
  });
});
