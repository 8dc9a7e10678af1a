import { redactSecretValues } from './redactSecretValues';
import { redactUrl } from './redactUrl';
import { DEFAULT_SECRET_NAME_PATTERNS, secretNameMatcher } from './secretNames';

const isSecret = secretNameMatcher(DEFAULT_SECRET_NAME_PATTERNS);
const redact = (url: string) => redactUrl(url, isSecret, redactSecretValues);

describe('redactUrl', () => {
  it('redacts secret query parameters and keeps the rest of the URL', () => {
    expect(
      redact('https://shop.example.com/cart?id=7&access_token=abc&sig=x#top'),
    ).toBe(
      'https://shop.example.com/cart?id=7&access_token=[REDACTED]&sig=[REDACTED]#top',
    );
    expect(redact('/search?q=shoes&page=2')).toBe('/search?q=shoes&page=2');
  });

  it('redacts the user information, all of it', () => {
    expect(redact('https://user:pa@ss@api.example.com:8443/x?y=1')).toBe(
      'https://[REDACTED]@api.example.com:8443/x?y=1',
    );
    expect(redact('http://token123@host/')).toBe('http://[REDACTED]@host/');
    expect(redact('http://host/a@b')).toBe('http://host/a@b');
  });

  it('redacts fragments (implicit OAuth) and secret values in the path', () => {
    expect(redact('https://app/cb#access_token=abc&state=1')).toBe(
      'https://app/cb#access_token=[REDACTED]&state=1',
    );
    expect(redact('/cards/4111111111111111/charge')).toBe(
      '/cards/[REDACTED]/charge',
    );
    expect(redact('/pay?pan=4111-1111-1111-1111')).toBe('/pay?pan=[REDACTED]');
  });

  it('keeps URLs without anything secret byte for byte', () => {
    for (const url of ['', '/', 'http://x/?', 'http://x/#', '/a?b=%ZZ#c']) {
      expect(redact(url)).toBe(url);
    }
  });
});
