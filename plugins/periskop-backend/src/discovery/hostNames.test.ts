import { formatHostPort, normaliseHostname, stripBrackets } from './hostNames';

describe('stripBrackets', () => {
  it.each([
    ['[::1]', '::1'],
    ['[fe80::1%eth0]', 'fe80::1%eth0'],
    ['::1', '::1'],
    ['10.0.0.1', '10.0.0.1'],
    ['api.svc', 'api.svc'],
    ['[unclosed', '[unclosed'],
  ])('%s -> %s', (input, expected) => {
    expect(stripBrackets(input)).toBe(expected);
  });
});

describe('formatHostPort', () => {
  it('brackets IPv6 literals, with or without a port', () => {
    expect(formatHostPort('::1', 9113)).toBe('[::1]:9113');
    expect(formatHostPort('::ffff:10.0.0.1', 80)).toBe('[::ffff:10.0.0.1]:80');
    expect(formatHostPort('fd00::5')).toBe('[fd00::5]');
  });

  it('leaves IPv4 addresses and host names alone', () => {
    expect(formatHostPort('127.0.0.1', 9113)).toBe('127.0.0.1:9113');
    expect(formatHostPort('api.svc', 8080)).toBe('api.svc:8080');
    expect(formatHostPort('api.svc')).toBe('api.svc');
  });
});

describe('normaliseHostname', () => {
  it('lower-cases and removes one trailing dot', () => {
    expect(normaliseHostname(' API.Example.com. ')).toBe('api.example.com');
    expect(normaliseHostname('api.svc')).toBe('api.svc');
    expect(normaliseHostname('.')).toBe('');
  });
});
