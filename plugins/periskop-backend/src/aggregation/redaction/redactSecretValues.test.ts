import { redactSecretValues } from './redactSecretValues';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('redactSecretValues', () => {
  it('redacts bearer tokens and keeps the scheme', () => {
    expect(redactSecretValues('Authorization: Bearer abc.DEF-123_xyz==')).toBe(
      'Authorization: Bearer [REDACTED]',
    );
    expect(redactSecretValues('got bearer  s3cr3t-token-value')).toBe(
      'got bearer  [REDACTED]',
    );
    expect(redactSecretValues('bearer tokens expire')).toBe(
      'bearer tokens expire',
    );
  });

  it('redacts JWTs anywhere', () => {
    expect(redactSecretValues(`invalid jwt ${JWT} (expired)`)).toBe(
      'invalid jwt [REDACTED] (expired)',
    );
    expect(redactSecretValues(`/cb?id_token=${JWT}&x=1`)).toBe(
      '/cb?id_token=[REDACTED]&x=1',
    );
  });

  it('redacts the credentials of URLs, such as connection strings', () => {
    expect(
      redactSecretValues(
        'connect postgres://app:hunter2@db.internal:5432/shop failed',
      ),
    ).toBe('connect postgres://[REDACTED]@db.internal:5432/shop failed');
    expect(redactSecretValues('https://ghp_abc@github.com/x')).toBe(
      'https://[REDACTED]@github.com/x',
    );
    expect(redactSecretValues('mail me at a@b.c, see https://x/y')).toBe(
      'mail me at a@b.c, see https://x/y',
    );
  });

  it('redacts a URL password that holds an @ up to the last @ of the authority', () => {
    expect(redactSecretValues('dial postgres://app:p@ss@db:5432/x')).toBe(
      'dial postgres://[REDACTED]@db:5432/x',
    );
  });

  it('redacts Basic credentials, and leaves the word basic in prose alone', () => {
    const credentials = Buffer.from('admin:hunter2').toString('base64');
    expect(redactSecretValues(`Authorization: Basic ${credentials}`)).toBe(
      'Authorization: Basic [REDACTED]',
    );
    expect(redactSecretValues('basic configuration missing')).toBe(
      'basic configuration missing',
    );
  });

  it('redacts card numbers', () => {
    expect(redactSecretValues('card 4111111111111111')).toBe('card [REDACTED]');
  });

  it('is idempotent and leaves ordinary text alone', () => {
    const once = redactSecretValues(
      `Bearer ${JWT} postgres://u:p@h 4111111111111111`,
    );
    expect(redactSecretValues(once)).toBe(once);
    const text = "<script>alert('x')</script> & line 1 column 7 (char 6)";
    expect(redactSecretValues(text)).toBe(text);
  });
});
