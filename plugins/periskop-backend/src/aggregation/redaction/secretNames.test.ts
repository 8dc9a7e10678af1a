import {
  DEFAULT_SECRET_NAME_PATTERNS,
  invalidSecretNamePattern,
  secretNameMatcher,
} from './secretNames';

describe('secretNameMatcher', () => {
  const isSecret = secretNameMatcher(DEFAULT_SECRET_NAME_PATTERNS);

  it.each([
    'password',
    'Passwd',
    'user_password',
    'token',
    'access_token',
    'refresh-token',
    'secret',
    'client_secret',
    'api_key',
    'apikey',
    'API-Key',
    'X-Api-Key',
    'authorization',
    'oauth_state',
    'session',
    'sessionid',
    'PHPSESSID',
    'JSESSIONID',
    'cookie',
    'private_key',
    'credentials',
    'X-Amz-Signature',
    'sig',
    'key',
    'pin',
    'card.number',
    'cvv',
  ])('catches %s', name => {
    expect(isSecret(name)).toBe(true);
  });

  it.each([
    'id',
    'user',
    'email',
    'side',
    'inside',
    'keyboard',
    'shipping',
    'classname',
    'q',
    'page',
    'card',
  ])('lets %s through', name => {
    expect(isSecret(name)).toBe(false);
  });

  it('matches whole names, and parts only where a pattern says so', () => {
    const matcher = secretNameMatcher(['ssn', '*iban*']);
    expect(matcher('SSN')).toBe(true);
    expect(matcher('user_ssn')).toBe(false);
    expect(matcher('payer-IBAN-code')).toBe(true);
    expect(secretNameMatcher(['*'])('anything')).toBe(true);
    expect(secretNameMatcher([])('password')).toBe(false);
  });

  it('takes pattern characters other than * literally', () => {
    const matcher = secretNameMatcher(['a+b', 'x(y)']);
    expect(matcher('a+b')).toBe(true);
    expect(matcher('aab')).toBe(false);
    expect(matcher('x(y)')).toBe(true);
  });
});

describe('invalidSecretNamePattern', () => {
  it('refuses empty patterns and stars that would say "everything" by accident', () => {
    expect(invalidSecretNamePattern(' _ ')).toBe('is empty');
    expect(invalidSecretNamePattern('*-*')).toMatch(/matches every name/);
    expect(invalidSecretNamePattern('*')).toBeUndefined();
    expect(invalidSecretNamePattern('*ssn*')).toBeUndefined();
  });
});
