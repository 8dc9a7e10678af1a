import { redactHeaders } from './redactHeaders';

describe('redactHeaders', () => {
  const headers = {
    AUTHORIZATION: 'Bearer t',
    'X-Api-Key': 'k',
    Accept: '*/*',
    'X-Forwarded-Uri': '/cb?code=1',
  };
  const isSecret = (name: string) =>
    ['authorization', 'x-api-key'].includes(name.toLowerCase());

  it('replaces secret headers, passes the others to redactValue, and leaves the input alone', () => {
    expect(
      redactHeaders(headers, isSecret, value => value.replace('1', '#')),
    ).toEqual({
      AUTHORIZATION: '[REDACTED]',
      'X-Api-Key': '[REDACTED]',
      Accept: '*/*',
      'X-Forwarded-Uri': '/cb?code=#',
    });
    expect(headers.AUTHORIZATION).toBe('Bearer t');
  });

  it('returns the same object when nothing changes', () => {
    expect(
      redactHeaders(
        headers,
        () => false,
        value => value,
      ),
    ).toBe(headers);
  });
});
