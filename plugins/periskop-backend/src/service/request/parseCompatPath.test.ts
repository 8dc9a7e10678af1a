import {
  decodePathText,
  MAX_COMPAT_ERROR_KEY_LENGTH,
  MAX_COMPAT_SERVICE_NAME_LENGTH,
  parseResolvePath,
  parseServiceErrorsPath,
} from './parseCompatPath';

describe('decodePathText', () => {
  it.each([
    ['plain', 'plain'],
    ['provider%20rejected%20%231', 'provider rejected #1'],
    ['100%', '100%'],
    ['100%%20of%20requests', '100% of requests'],
    ['%E2%82%AC%zz', '€%zz'],
    ['%C3', '%C3'],
  ])('%p is %p', (raw, decoded) => {
    expect(decodePathText(raw)).toBe(decoded);
  });
});

describe('parseServiceErrorsPath', () => {
  it.each([
    ['/services/api-auth/errors/', 'api-auth'],
    ['/services/api-auth/errors', 'api-auth'],
    ['/services/my%20service/errors/', 'my service'],
    ['/services/a%2Fb/errors/', 'a/b'],
  ])('%p names %p', (path, service) => {
    expect(parseServiceErrorsPath(path)).toEqual({ service });
  });

  it('rejects blank and over-long names', () => {
    expect(() => parseServiceErrorsPath('/services/%20/errors/')).toThrow(
      'Invalid path parameter "service": must not be empty',
    );
    expect(() =>
      parseServiceErrorsPath(
        `/services/${'s'.repeat(MAX_COMPAT_SERVICE_NAME_LENGTH + 1)}/errors/`,
      ),
    ).toThrow(/at most 1024 characters/);
  });
});

describe('parseResolvePath', () => {
  it.each([
    [
      'an unencoded key as the Periskop UI sends it',
      '/services/go/errors/*json.SyntaxError@e05c331d/',
      ['*json.SyntaxError@e05c331d'],
    ],
    [
      'a key with "/" and an encoded "#"',
      '/services/go/errors/payments/provider%20rejected%20%231/',
      ['payments/provider rejected #1', 'payments/provider%20rejected%20%231'],
    ],
    [
      'a key encoded whole with encodeURIComponent',
      `/services/go/errors/${encodeURIComponent(
        'payments/provider rejected #1',
      )}/`,
      [
        'payments/provider rejected #1',
        'payments%2Fprovider%20rejected%20%231',
      ],
    ],
    [
      'a bare "%"',
      '/services/go/errors/100%%20of%20requests/',
      ['100% of requests', '100%%20of%20requests'],
    ],
    ['a key that ends with "/"', '/services/go/errors/dir//', ['dir/']],
  ])('reads %s', (_, path, keys) => {
    expect(parseResolvePath(path)).toEqual({ service: 'go', keys });
  });

  it('says how to send a key whose "#" the browser cut off', () => {
    expect(() =>
      parseResolvePath('/services/go/errors/payments/provider%20rejected%20'),
    ).toThrow(/must be followed by "\/".*encode "#" as %23/);
  });

  it('rejects empty and over-long keys', () => {
    expect(() => parseResolvePath('/services/go/errors//')).toThrow(
      'Invalid path parameter "key": must not be empty',
    );
    expect(() =>
      parseResolvePath(
        `/services/go/errors/${'k'.repeat(MAX_COMPAT_ERROR_KEY_LENGTH + 1)}/`,
      ),
    ).toThrow(/at most 8192 characters/);
  });
});
