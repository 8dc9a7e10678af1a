import {
  compareIpAddresses,
  isInRange,
  parseIpAddress,
  parseIpRange,
} from './ipAddress';

function hex(text: string): string | undefined {
  const ip = parseIpAddress(text);
  return ip && `${ip.version}:${ip.value.toString(16)}`;
}

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', '4:7f000001'],
    ['255.255.255.255', '4:ffffffff'],
    ['::', '6:0'],
    ['::1', '6:1'],
    ['[::1]', '6:1'],
    ['1::', '6:10000000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '6:10002000300040005000600070008'],
    ['1:2:3:4:5:6::8', '6:10002000300040005000600000008'],
    ['fd00:ec2::254', '6:fd000ec2000000000000000000000254'],
    ['FE80::1%eth0', '6:fe800000000000000000000000000001'],
    ['::1.2.3.4', '6:1020304'],
    ['64:ff9b::1.2.3.4', '6:64ff9b000000000000000001020304'],
    // IPv4-mapped becomes IPv4
    ['::ffff:1.2.3.4', '4:1020304'],
    ['::ffff:102:304', '4:1020304'],
    ['0:0:0:0:0:ffff:1.2.3.4', '4:1020304'],
  ])('%s', (text, expected) => {
    expect(hex(text)).toBe(expected);
  });

  it('gives IPv4-mapped addresses their dotted text', () => {
    expect(parseIpAddress('::ffff:a9fe:a9fe')?.text).toBe('169.254.169.254');
  });

  it.each([
    '',
    'localhost',
    '1.2.3',
    '1.2.3.256',
    '::g',
    '1:2:3:4:5:6:7:8:9',
    '[::1',
  ])('rejects %j', text => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('parseIpRange / isInRange', () => {
  function inRange(cidr: string, ip: string): boolean {
    const range = parseIpRange(cidr);
    if (typeof range === 'string') throw new Error(range);
    return isInRange(parseIpAddress(ip)!, range);
  }

  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['0.0.0.0/0', '1.2.3.4', true],
    ['0.0.0.0/0', '::1', false],
    ['::/0', '::1', true],
    ['::/0', '1.2.3.4', false],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['1.2.3.4', '1.2.3.4', true],
    ['1.2.3.4', '1.2.3.5', false],
    ['1.2.3.4/32', '::ffff:1.2.3.4', true],
    ['::ffff:0.0.0.0/96', '9.9.9.9', true],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(inRange(cidr, ip)).toBe(expected);
  });
});

describe('compareIpAddresses', () => {
  it('puts IPv4 before IPv6, then orders by value, not by text', () => {
    expect(
      ['fd00::2', '10.0.0.10', '::1', '10.0.0.9', '9.9.9.9'].sort(
        compareIpAddresses,
      ),
    ).toEqual(['9.9.9.9', '10.0.0.9', '10.0.0.10', '::1', 'fd00::2']);
  });

  it('falls back to text order for what is not an address', () => {
    expect(['b.svc', 'a.svc', '10.0.0.1'].sort(compareIpAddresses)).toEqual([
      '10.0.0.1',
      'a.svc',
      'b.svc',
    ]);
  });
});
