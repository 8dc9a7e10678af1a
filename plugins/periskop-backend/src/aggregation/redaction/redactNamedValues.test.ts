import { redactNamedValues } from './redactNamedValues';
import { DEFAULT_SECRET_NAME_PATTERNS, secretNameMatcher } from './secretNames';

const isSecret = secretNameMatcher(DEFAULT_SECRET_NAME_PATTERNS);
const redact = (text: string) => redactNamedValues(text, isSecret);

describe('redactNamedValues', () => {
  it('redacts name=value pairs of secret names in running text', () => {
    expect(
      redact(
        'Get "https://api.example.com/v1?api_key=abc123&q=shoes": dial tcp: timeout',
      ),
    ).toBe(
      'Get "https://api.example.com/v1?api_key=[REDACTED]&q=shoes": dial tcp: timeout',
    );
    expect(redact('login failed user=bob password=hunter2 retry=3')).toBe(
      'login failed user=bob password=[REDACTED] retry=3',
    );
    expect(redact('/cart;jsessionid=0AB12CD')).toBe(
      '/cart;jsessionid=[REDACTED]',
    );
    // a value runs to a delimiter; `?` may belong to it, so it is taken too
    expect(redact('/x;sid=a?b=1')).toBe('/x;sid=[REDACTED]');
    expect(redact('token="a b c" next')).toBe('token="[REDACTED]" next');
    expect(redact('api%5Fkey=abc')).toBe('api%5Fkey=[REDACTED]');
  });

  it('redacts quoted members of JSON and Python dicts quoted in text', () => {
    expect(
      redact('bad request body {"user":"bob","password":"hun\\"ter2","n":1}'),
    ).toBe('bad request body {"user":"bob","password":"[REDACTED]","n":1}');
    expect(redact("KeyError in {'token': 'abc', 'pin': 1234}")).toBe(
      "KeyError in {'token': '[REDACTED]', 'pin': [REDACTED]}",
    );
    // a body cut short is text, and still redacted
    expect(redact('{"card":"x","client_secret":"s3cr')).toBe(
      '{"card":"x","client_secret":"[REDACTED]"',
    );
  });

  it('redacts name:value pairs as Go prints maps, and leaves prose, ports and stack frames alone', () => {
    expect(redact('config map[password:hunter2 user:ada]')).toBe(
      'config map[password:[REDACTED] user:ada]',
    );
    expect(redact('session:5f2b1c token:"abc def"')).toBe(
      'session:[REDACTED] token:"[REDACTED]"',
    );
    for (const text of [
      'auth: connection refused',
      'dial tcp db:5432',
      'at login (auth.js:10:5)',
      '/go/src/app/session.go:42',
      'see https://token.example.com/x',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('leaves other names, comparisons and empty values alone', () => {
    for (const text of [
      'user=bob&page=2',
      'if token == expected:',
      'password= (empty)',
      '<img src=x onerror=alert(1)>',
      'Expecting value: line 1 column 7 (char 6)',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });
});
