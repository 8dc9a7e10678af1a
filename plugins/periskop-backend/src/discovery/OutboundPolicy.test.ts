import { ConfigReader } from '@backstage/config';
import { OutboundPolicy } from './OutboundPolicy';

const BLOCKED = 'blocked by periskop.targets policy: ';

function reasonOf(decision: ReturnType<OutboundPolicy['checkHost']>) {
  return decision.allowed ? undefined : decision.reason;
}

describe('OutboundPolicy', () => {
  describe('without configuration', () => {
    const policy = new OutboundPolicy();

    it.each([
      'localhost',
      'api.svc.cluster.local',
      'api.svc.cluster.local.',
      '127.0.0.1',
      '10.1.2.3',
      '[::1]',
      '::1',
      'fd00::1',
      '169.253.255.255',
      '169.255.0.0',
      'fec0::1',
      'fd00:ec2::253',
      'metadata.google.internal.evil.com',
      // neighbours of the denied single addresses
      '100.100.100.201',
      '168.63.129.17',
      '192.0.0.193',
      '1.0.0.0',
      '::2:0:0',
      // NAT64 forms of allowed addresses, single-label names
      '64:ff9b::a00:1',
      'metadata',
      'instance-data',
    ])('allows %s', host => {
      expect(policy.checkHost(host)).toEqual({ allowed: true });
    });

    it.each([
      ['169.254.169.254', '169.254.169.254 is a link-local address'],
      ['169.254.0.0', '169.254.0.0 is a link-local address'],
      ['169.254.170.2', '169.254.170.2 is a link-local address'],
      ['[fe80::1]', 'fe80::1 is an IPv6 link-local address'],
      ['febf:ffff::1', 'febf:ffff::1 is an IPv6 link-local address'],
      [
        '[fd00:ec2::254]',
        'fd00:ec2::254 is the AWS instance metadata service (IPv6)',
      ],
      [
        'FD00:EC2:0:0:0:0:0:254',
        'fd00:ec2:0:0:0:0:0:254 is the AWS instance metadata service (IPv6)',
      ],
      // IPv4-mapped IPv6 is judged as IPv4, in both notations
      ['[::ffff:169.254.169.254]', '169.254.169.254 is a link-local address'],
      ['::ffff:a9fe:a9fe', '169.254.169.254 is a link-local address'],
      ['0:0:0:0:0:ffff:a9fe:1', '169.254.0.1 is a link-local address'],
      [
        'metadata.google.internal',
        'metadata.google.internal is the GCP instance metadata service',
      ],
      [
        'Metadata.Google.Internal.',
        'metadata.google.internal is the GCP instance metadata service',
      ],
      // cloud metadata services beyond link-local
      [
        '100.100.100.200',
        '100.100.100.200 is the Alibaba Cloud metadata service',
      ],
      ['168.63.129.16', '168.63.129.16 is the Azure WireServer'],
      ['192.0.0.192', '192.0.0.192 is the Oracle Cloud metadata service'],
      ['[fd20:ce::254]', 'fd20:ce::254 is the GCP metadata server (IPv6)'],
      // the local host without saying so
      ['0.0.0.0', '0.0.0.0 is an unspecified ("this network") address'],
      ['0.1.2.3', '0.1.2.3 is an unspecified ("this network") address'],
      ['[::]', ':: is the unspecified IPv6 address'],
      ['::ffff:0.0.0.0', '0.0.0.0 is an unspecified ("this network") address'],
      // IPv6 forms that embed a denied IPv4 address
      [
        '[64:ff9b::a9fe:a9fe]',
        '64:ff9b::a9fe:a9fe, the NAT64 form of 169.254.169.254, is a link-local address',
      ],
      [
        '64:ff9b::169.254.169.254',
        '64:ff9b::169.254.169.254, the NAT64 form of 169.254.169.254, is a link-local address',
      ],
      [
        '64:ff9b::6464:64c8',
        '64:ff9b::6464:64c8, the NAT64 form of 100.100.100.200, is the Alibaba Cloud metadata service',
      ],
      [
        '64:ff9b:1:a9fe:a9:fe00::',
        '64:ff9b:1:a9fe:a9:fe00::, the NAT64 local-use form of 169.254.169.254, is a link-local address',
      ],
      [
        '::169.254.169.254',
        '::169.254.169.254, the IPv4-compatible form of 169.254.169.254, is a link-local address',
      ],
      [
        '::ffff:0:a9fe:a9fe',
        '::ffff:0:a9fe:a9fe, the IPv4-translated form of 169.254.169.254, is a link-local address',
      ],
      ['metadata.goog', 'metadata.goog is the GCP instance metadata service'],
      [
        'instance-data.ec2.internal',
        'instance-data.ec2.internal is the AWS instance metadata service',
      ],
      [
        'metadata.tencentyun.com',
        'metadata.tencentyun.com is the Tencent Cloud metadata service',
      ],
    ])('denies %s by default', (host, reason) => {
      expect(policy.checkHost(host)).toEqual({
        allowed: false,
        reason: `${BLOCKED}${reason}`,
      });
    });

    it('checks addresses at connect time the same way', () => {
      expect(policy.checkAddress('api.svc', '10.0.0.1')).toEqual({
        allowed: true,
      });
      expect(
        reasonOf(policy.checkAddress('evil.test', '169.254.169.254')),
      ).toBe(`${BLOCKED}evil.test (169.254.169.254) is a link-local address`);
      expect(
        reasonOf(policy.checkAddress('evil.test', '::ffff:169.254.169.254')),
      ).toBe(`${BLOCKED}evil.test (169.254.169.254) is a link-local address`);
      expect(
        reasonOf(policy.checkAddress('evil.test', '64:ff9b::a9fe:a9fe')),
      ).toBe(
        `${BLOCKED}evil.test (64:ff9b::a9fe:a9fe), the NAT64 form of 169.254.169.254, is a link-local address`,
      );
      expect(reasonOf(policy.checkDenied('0.0.0.0', '0.0.0.0'))).toBe(
        `${BLOCKED}0.0.0.0 is an unspecified ("this network") address`,
      );
      expect(reasonOf(policy.checkAddress('evil.test', 'fe80::1%eth0'))).toBe(
        `${BLOCKED}evil.test (fe80::1) is an IPv6 link-local address`,
      );
      expect(
        reasonOf(policy.checkAddress('metadata.google.internal', '10.0.0.1')),
      ).toBe(
        `${BLOCKED}metadata.google.internal is the GCP instance metadata service`,
      );
      expect(reasonOf(policy.checkAddress('x', 'not-an-ip'))).toBe(
        `${BLOCKED}not-an-ip (from x) is not an IP address`,
      );
    });
  });

  describe('built-in denies cannot be allowed', () => {
    const policy = new OutboundPolicy({
      allow: [
        '169.254.0.0/16',
        '0.0.0.0/0',
        '::/0',
        '*',
        'metadata.google.internal',
      ],
    });

    it.each([
      '169.254.169.254',
      '::ffff:169.254.169.254',
      'fe80::1',
      'fd00:ec2::254',
      'metadata.google.internal',
      '100.100.100.200',
      '168.63.129.16',
      '192.0.0.192',
      '0.0.0.0',
      '::',
      '64:ff9b::a9fe:a9fe',
    ])('%s', host => {
      expect(policy.checkHost(host).allowed).toBe(false);
    });

    it('also not through a host name that matches an allow glob', () => {
      expect(policy.checkAddress('api.example.com', '169.254.169.254')).toEqual(
        {
          allowed: false,
          reason: `${BLOCKED}api.example.com (169.254.169.254) is a link-local address`,
        },
      );
    });

    it('while the rest is allowed', () => {
      expect(policy.checkHost('10.0.0.1')).toEqual({ allowed: true });
      expect(policy.checkHost('api.example.com')).toEqual({ allowed: true });
    });
  });

  describe('host globs', () => {
    function matches(glob: string, host: string): boolean {
      const policy = new OutboundPolicy({ deny: [glob] });
      return !policy.checkHost(host).allowed;
    }

    it.each([
      ['*.example.com', 'a.example.com', true],
      ['*.example.com', 'a.b.example.com', true],
      ['*.example.com', 'A.Example.COM.', true],
      ['*.example.com', 'example.com', false],
      ['*.example.com', 'badexample.com', false],
      ['*.example.com', 'a.example.com.evil.net', false],
      ['example.com', 'example.com', true],
      ['example.com', 'example.com.', true],
      ['example.com', 'a.example.com', false],
      ['localhost', 'localhost', true],
      ['localhost', 'localhost.localdomain', false],
      ['api-*.example.com', 'api-1.example.com', true],
      ['api-*.example.com', 'api-.example.com', true],
      ['api-*.example.com', 'api-1.evil.example.com', false],
      ['api-*.example.com', 'web-1.example.com', false],
      ['api.*.example.com', 'api.eu.example.com', true],
      ['api.*.example.com', 'api.eu.west.example.com', false],
      ['*-api.*.svc', 'auth-api.prod.svc', true],
      ['*', 'anything.at.all', true],
      ['*', 'localhost', true],
      ['*.svc.cluster.local', 'api.prod.svc.cluster.local', true],
      ['svc_*.local', 'svc_a.local', true],
    ])('%s against %s: %s', (glob, host, expected) => {
      expect(matches(glob, host)).toBe(expected);
    });

    it('never match IP literals', () => {
      const policy = new OutboundPolicy({ deny: ['*'] });
      expect(policy.checkHost('10.0.0.1')).toEqual({ allowed: true });
      expect(policy.checkHost('[::1]')).toEqual({ allowed: true });
    });
  });

  describe('deny entries', () => {
    const policy = new OutboundPolicy({
      deny: ['*.corp', '10.0.0.0/8', 'fd00::/8', '192.168.1.1'],
    });

    it.each([
      ['api.corp', 'api.corp matches periskop.targets.deny entry "*.corp"'],
      [
        '10.20.30.40',
        '10.20.30.40 matches periskop.targets.deny entry "10.0.0.0/8"',
      ],
      [
        '::ffff:10.0.0.1',
        '10.0.0.1 matches periskop.targets.deny entry "10.0.0.0/8"',
      ],
      ['[fd12::1]', 'fd12::1 matches periskop.targets.deny entry "fd00::/8"'],
      [
        '192.168.1.1',
        '192.168.1.1 matches periskop.targets.deny entry "192.168.1.1"',
      ],
    ])('deny %s', (host, reason) => {
      expect(reasonOf(policy.checkHost(host))).toBe(`${BLOCKED}${reason}`);
    });

    it('apply to the IPv4 address a NAT64 address stands for', () => {
      expect(reasonOf(policy.checkHost('64:ff9b::a00:1'))).toBe(
        `${BLOCKED}64:ff9b::a00:1, the NAT64 form of 10.0.0.1, matches periskop.targets.deny entry "10.0.0.0/8"`,
      );
      expect(policy.checkHost('64:ff9b::b00:1')).toEqual({ allowed: true });
    });

    it.each(['11.0.0.1', '192.168.1.2', 'fe00::1', 'api.corp.example'])(
      'allow %s',
      host => {
        expect(policy.checkHost(host)).toEqual({ allowed: true });
      },
    );

    it('apply to the name and the address at connect time', () => {
      expect(reasonOf(policy.checkAddress('api.example', '10.1.1.1'))).toBe(
        `${BLOCKED}api.example (10.1.1.1) matches periskop.targets.deny entry "10.0.0.0/8"`,
      );
      expect(reasonOf(policy.checkAddress('db.corp', '11.1.1.1'))).toBe(
        `${BLOCKED}db.corp matches periskop.targets.deny entry "*.corp"`,
      );
      expect(policy.checkAddress('api.example', '11.1.1.1')).toEqual({
        allowed: true,
      });
    });

    it('win over allow entries', () => {
      const both = new OutboundPolicy({
        allow: ['*.example.com', '10.0.0.0/8'],
        deny: ['secret.example.com', '10.9.0.0/16'],
      });
      expect(both.checkHost('secret.example.com').allowed).toBe(false);
      expect(both.checkHost('10.9.1.1').allowed).toBe(false);
      expect(both.checkAddress('api.example.com', '10.9.1.1').allowed).toBe(
        false,
      );
      expect(both.checkHost('api.example.com').allowed).toBe(true);
      expect(both.checkHost('10.8.1.1').allowed).toBe(true);
    });
  });

  describe('allow lists', () => {
    it('with globs only: host names must match, IP literals are not allowed', () => {
      const policy = new OutboundPolicy({
        allow: ['*.svc.cluster.local', 'localhost'],
      });
      expect(policy.hasAllowList).toBe(true);
      expect(policy.checkHost('api.prod.svc.cluster.local')).toEqual({
        allowed: true,
      });
      expect(policy.checkHost('localhost')).toEqual({ allowed: true });
      expect(reasonOf(policy.checkHost('internal.example.com'))).toBe(
        `${BLOCKED}internal.example.com is not in periskop.targets.allow`,
      );
      expect(reasonOf(policy.checkHost('10.0.0.1'))).toBe(
        `${BLOCKED}10.0.0.1 is not in periskop.targets.allow`,
      );
      // at connect time the name decides
      expect(
        policy.checkAddress('api.prod.svc.cluster.local', '10.0.0.1'),
      ).toEqual({ allowed: true });
      expect(reasonOf(policy.checkAddress('other.example', '10.0.0.1'))).toBe(
        `${BLOCKED}other.example (10.0.0.1) is not in periskop.targets.allow`,
      );
    });

    it('with CIDRs: IP literals must be inside, names are decided at connect time', () => {
      const policy = new OutboundPolicy({
        allow: ['10.0.0.0/8', 'fd00::/8', '127.0.0.1'],
      });
      expect(policy.checkHost('10.255.255.255')).toEqual({ allowed: true });
      expect(policy.checkHost('[fdff::1]')).toEqual({ allowed: true });
      expect(policy.checkHost('127.0.0.1')).toEqual({ allowed: true });
      expect(reasonOf(policy.checkHost('127.0.0.2'))).toBe(
        `${BLOCKED}127.0.0.2 is not in periskop.targets.allow`,
      );
      expect(reasonOf(policy.checkHost('11.0.0.1'))).toBe(
        `${BLOCKED}11.0.0.1 is not in periskop.targets.allow`,
      );
      expect(reasonOf(policy.checkHost('::1'))).toBe(
        `${BLOCKED}::1 is not in periskop.targets.allow`,
      );
      // a name could resolve into an allowed CIDR: provisionally allowed
      expect(policy.checkHost('internal.example.com')).toEqual({
        allowed: true,
      });
      expect(policy.checkAddress('internal.example.com', '10.1.2.3')).toEqual({
        allowed: true,
      });
      expect(
        reasonOf(policy.checkAddress('internal.example.com', '8.8.8.8')),
      ).toBe(
        `${BLOCKED}internal.example.com (8.8.8.8) is not in periskop.targets.allow`,
      );
    });

    it('checkDenied ignores the allow list but not the deny rules', () => {
      const policy = new OutboundPolicy({
        allow: ['*.svc'],
        deny: ['10.9.0.0/16'],
      });
      expect(policy.checkAddress('10.0.0.1', '10.0.0.1').allowed).toBe(false);
      expect(policy.checkDenied('10.0.0.1', '10.0.0.1')).toEqual({
        allowed: true,
      });
      expect(policy.checkDenied('10.9.0.1', '10.9.0.1').allowed).toBe(false);
      expect(
        policy.checkDenied('169.254.169.254', '169.254.169.254').allowed,
      ).toBe(false);
    });

    it('an IPv4 CIDR covers IPv4-mapped IPv6 addresses, and vice versa', () => {
      const v4 = new OutboundPolicy({ allow: ['10.0.0.0/8'] });
      expect(v4.checkHost('::ffff:10.1.1.1')).toEqual({ allowed: true });
      const mapped = new OutboundPolicy({ allow: ['::ffff:10.0.0.0/104'] });
      expect(mapped.checkHost('10.1.1.1')).toEqual({ allowed: true });
      expect(mapped.checkHost('11.1.1.1').allowed).toBe(false);
    });

    it('host bits of a CIDR are ignored', () => {
      const policy = new OutboundPolicy({ allow: ['10.1.2.3/8', '::1/0'] });
      expect(policy.checkHost('10.200.0.1')).toEqual({ allowed: true });
      expect(policy.checkHost('2001:db8::1')).toEqual({ allowed: true });
    });
  });

  describe('invalid entries', () => {
    it.each([
      [
        { allow: ['10.0.0.0/33'] },
        'Invalid periskop.targets.allow[0] entry "10.0.0.0/33": the prefix length must be 0 to 32',
      ],
      [
        { allow: ['ok.example', 'fd00::/129'] },
        'Invalid periskop.targets.allow[1] entry "fd00::/129": the prefix length must be 0 to 128',
      ],
      [
        { deny: ['10.0.0.0/x'] },
        'Invalid periskop.targets.deny[0] entry "10.0.0.0/x": the prefix length must be 0 to 32',
      ],
      [
        { deny: ['10.0.0/8'] },
        'Invalid periskop.targets.deny[0] entry "10.0.0/8": "10.0.0" is not an IP address',
      ],
      [
        { deny: ['300.1.1.1'] },
        'Invalid periskop.targets.deny[0] entry "300.1.1.1": host patterns do not match IP addresses: write address ranges as CIDRs, e.g. 10.0.0.0/8',
      ],
      [
        { allow: ['10.0.*.*'] },
        'Invalid periskop.targets.allow[0] entry "10.0.*.*": host patterns do not match IP addresses: write address ranges as CIDRs, e.g. 10.0.0.0/8',
      ],
      [
        { allow: ['http://api.example.com'] },
        'Invalid periskop.targets.allow[0] entry "http://api.example.com": write only the host, without scheme, port or path',
      ],
      [
        { allow: ['api.example.com:8080'] },
        'Invalid periskop.targets.allow[0] entry "api.example.com:8080": it is not a valid IP address; host patterns take no port or scheme',
      ],
      [
        { allow: [''] },
        'Invalid periskop.targets.allow[0] entry "": it is empty',
      ],
      [
        { allow: ['a..b'] },
        'Invalid periskop.targets.allow[0] entry "a..b": it is neither a host name pattern (letters, digits, "-", "_", "*" and dots), an IP address nor a CIDR',
      ],
      [
        { allow: ['api example.com'] },
        'Invalid periskop.targets.allow[0] entry "api example.com": it is neither a host name pattern (letters, digits, "-", "_", "*" and dots), an IP address nor a CIDR',
      ],
      [
        { allow: ['bücher.example'] },
        'Invalid periskop.targets.allow[0] entry "bücher.example": write internationalised names in their ASCII (xn--) form',
      ],
      [
        { allow: ['::ffff:10.0.0.0/8'] },
        'Invalid periskop.targets.allow[0] entry "::ffff:10.0.0.0/8": an IPv4-mapped range (::ffff:a.b.c.d) needs a prefix of at least 96',
      ],
    ])('%j', (options, message) => {
      expect(() => new OutboundPolicy(options)).toThrow(message);
    });

    it('accepts the documented forms', () => {
      expect(
        () =>
          new OutboundPolicy({
            allow: [
              '*.svc.cluster.local',
              'localhost',
              'api-*.example.com',
              ' 10.0.0.0/8 ',
              'fd00::/8',
              '127.0.0.1',
              '[::1]',
              'example.com.',
            ],
          }),
      ).not.toThrow();
    });
  });

  it('reads periskop.targets from config', () => {
    const policy = OutboundPolicy.fromConfig(
      new ConfigReader({
        periskop: { targets: { allow: ['*.svc'], deny: ['bad.svc'] } },
      }),
    );
    expect(policy.checkHost('good.svc')).toEqual({ allowed: true });
    expect(policy.checkHost('bad.svc').allowed).toBe(false);
    expect(policy.checkHost('other.example').allowed).toBe(false);

    const empty = OutboundPolicy.fromConfig(new ConfigReader({}));
    expect(empty.hasAllowList).toBe(false);
    expect(empty.checkHost('anything.example')).toEqual({ allowed: true });

    expect(() =>
      OutboundPolicy.fromConfig(
        new ConfigReader({ periskop: { targets: { deny: ['1.2.3.4/40'] } } }),
      ),
    ).toThrow('periskop.targets.deny[0]');
  });
});
