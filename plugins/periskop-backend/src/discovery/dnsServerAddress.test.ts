import { parseDnsServerAddress } from './dnsServerAddress';

describe('parseDnsServerAddress', () => {
  it.each([
    ['10.0.0.53', '10.0.0.53'],
    [' 10.0.0.53:5353 ', '10.0.0.53:5353'],
    ['127.0.0.1:053', '127.0.0.1:53'],
    ['fd00::53', '[fd00::53]'],
    ['FD00::53', '[fd00::53]'],
    ['[::1]', '[::1]'],
    ['[::1]:5353', '[::1]:5353'],
  ])('accepts %s as %s', (entry, expected) => {
    expect(parseDnsServerAddress(entry)).toBe(expected);
  });

  it.each([
    'dns.example.com',
    'dns.example.com:53',
    '10.0.0.300',
    '[10.0.0.53]:53',
    '::1:53x',
    '[::1',
    '',
    'udp://10.0.0.53',
  ])('refuses %s', entry => {
    expect(parseDnsServerAddress(entry)).toEqual({
      problem: expect.stringContaining('write an IP address'),
    });
  });

  it.each(['10.0.0.53:0', '10.0.0.53:65536', '[::1]:99999'])(
    'refuses the port of %s',
    entry => {
      expect(parseDnsServerAddress(entry)).toEqual({
        problem: expect.stringMatching(
          /^the port must be 1 to 65535, got \d+$/,
        ),
      });
    },
  );
});
