import { REDACTED, redactHeaders } from './redactHeaders';

describe('redactHeaders', () => {
  const context = {
    requestMethod: 'GET',
    requestUrl: 'http://x/y',
    requestHeaders: {
      AUTHORIZATION: 'Bearer t',
      'X-Api-Key': 'k',
      Accept: '*/*',
    },
    requestBody: null,
  };

  it('matches header names case-insensitively and leaves the input alone', () => {
    const redacted = redactHeaders(
      context,
      new Set(['authorization', 'x-api-key']),
    );
    expect(redacted!.requestHeaders).toEqual({
      AUTHORIZATION: REDACTED,
      'X-Api-Key': REDACTED,
      Accept: '*/*',
    });
    expect(context.requestHeaders.AUTHORIZATION).toBe('Bearer t');
  });

  it('returns the same object when nothing needs redacting', () => {
    expect(redactHeaders(context, new Set(['cookie']))).toBe(context);
    expect(redactHeaders(null, new Set(['cookie']))).toBeNull();
  });
});
