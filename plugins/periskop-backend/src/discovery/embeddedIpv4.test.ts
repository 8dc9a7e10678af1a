import { embeddedIpv4Addresses } from './embeddedIpv4';
import { parseIpAddress } from './ipAddress';

function embedded(text: string): string[] {
  const ip = parseIpAddress(text);
  if (!ip) throw new Error(`not an address: ${text}`);
  return embeddedIpv4Addresses(ip).map(e => `${e.form} ${e.address.text}`);
}

describe('embeddedIpv4Addresses', () => {
  it.each([
    ['64:ff9b::a9fe:a9fe', ['NAT64 169.254.169.254']],
    ['64:ff9b::169.254.169.254', ['NAT64 169.254.169.254']],
    ['64:ff9b::', ['NAT64 0.0.0.0']],
    ['::ffff:0:a00:1', ['IPv4-translated 10.0.0.1']],
    ['::a9fe:a9fe', ['IPv4-compatible 169.254.169.254']],
    ['::2', ['IPv4-compatible 0.0.0.2']],
  ])('%s', (address, expected) => {
    expect(embedded(address)).toEqual(expected);
  });

  it('gives every RFC 6052 placement for the local-use prefix 64:ff9b:1::/48', () => {
    // 169.254.169.254 placed for a /48, a /56, a /64 and a /96 prefix
    expect(embedded('64:ff9b:1:a9fe:a9:fe00::')).toContain(
      'NAT64 local-use 169.254.169.254',
    );
    expect(embedded('64:ff9b:1:a9:fe:a9fe::')).toContain(
      'NAT64 local-use 169.254.169.254',
    );
    expect(embedded('64:ff9b:1:0:a9:fea9:fe00:0')).toContain(
      'NAT64 local-use 169.254.169.254',
    );
    expect(embedded('64:ff9b:1::a9fe:a9fe')).toContain(
      'NAT64 local-use 169.254.169.254',
    );
    // the same IPv4 address from two placements is given once
    expect(embedded('64:ff9b:1::')).toEqual(['NAT64 local-use 0.0.0.0']);
  });

  it.each([
    '169.254.169.254',
    '::ffff:169.254.169.254', // IPv4-mapped: already IPv4
    '::',
    '::1',
    'fd00::1',
    '2001:db8::a9fe:a9fe',
    '64:ff9a::a9fe:a9fe',
    '64:ff9b:2::a9fe:a9fe',
  ])('finds none in %s', address => {
    expect(embedded(address)).toEqual([]);
  });
});
