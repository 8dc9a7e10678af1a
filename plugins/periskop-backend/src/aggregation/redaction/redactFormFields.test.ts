import { redactFormFields } from './redactFormFields';
import { redactSecretValues } from './redactSecretValues';
import { DEFAULT_SECRET_NAME_PATTERNS, secretNameMatcher } from './secretNames';

const isSecret = secretNameMatcher(DEFAULT_SECRET_NAME_PATTERNS);
const redact = (fields: string) =>
  redactFormFields(fields, isSecret, redactSecretValues);

describe('redactFormFields', () => {
  it('replaces the values of secret fields, matched by their decoded names', () => {
    expect(redact('user=bob&password=hunter2&remember=1')).toBe(
      'user=bob&password=[REDACTED]&remember=1',
    );
    expect(redact('api%5Fkey=abc&Client+Secret=s')).toBe(
      'api%5Fkey=[REDACTED]&Client+Secret=[REDACTED]',
    );
    expect(redact('token=&x=1')).toBe('token=&x=1');
  });

  it('redacts values by their decoded content and keeps every other byte', () => {
    expect(redact('cc=4111+1111+1111+1111&note=hi%20there')).toBe(
      'cc=[REDACTED]&note=hi%20there',
    );
    expect(redact('4111111111111111&a=%ZZ')).toBe('[REDACTED]&a=%ZZ');
    expect(redact('q=a%2Fb+c&&x')).toBe('q=a%2Fb+c&&x');
  });
});
