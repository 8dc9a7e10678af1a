import { networkInterfaces } from 'node:os';
import { OwnBackendEndpoints } from './OwnBackendEndpoints';

const BLOCKED = 'blocked by periskop.targets policy: ';

function reasonOf(decision: ReturnType<OwnBackendEndpoints['check']>) {
  return decision.allowed ? undefined : decision.reason;
}

describe('OwnBackendEndpoints', () => {
  const own = new OwnBackendEndpoints({
    listenPort: 7007,
    baseUrl: 'https://backstage.example.com',
    localAddresses: () => ['10.1.2.3', 'fd00::3', '127.0.0.1'],
  });

  it.each([
    ['127.0.0.1', '127.0.0.1', '127.0.0.1 port 7007'],
    ['127.0.0.53', '127.0.0.53', '127.0.0.53 port 7007'],
    ['[::1]', '::1', '::1 port 7007'],
    ['localhost', '::1', 'localhost (::1) port 7007'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1', '127.0.0.1 port 7007'],
    ['10.1.2.3', '10.1.2.3', '10.1.2.3 port 7007'],
    ['pod.svc', 'fd00::3', 'pod.svc (fd00::3) port 7007'],
  ])('refuses %s (%s) on the listen port', (host, ip, subject) => {
    expect(reasonOf(own.check(host, ip, 7007))).toBe(
      `${BLOCKED}${subject} is this Backstage backend (backend.listen port 7007)`,
    );
  });

  it.each([
    ['127.0.0.1', '127.0.0.1', 7008],
    ['127.0.0.1', '127.0.0.1', 9101],
    ['10.1.2.4', '10.1.2.4', 7007],
    ['api.svc', '10.9.9.9', 7007],
    ['api.svc', '10.9.9.9', 443],
  ])('allows %s (%s) port %s', (host, ip, port) => {
    expect(own.check(host, ip, port)).toEqual({ allowed: true });
  });

  it('refuses the baseUrl host and its addresses on the baseUrl port', () => {
    expect(own.baseUrlHostToResolve(443)).toBe('backstage.example.com');
    expect(own.baseUrlHostToResolve(7007)).toBeUndefined();
    expect(
      reasonOf(own.check('Backstage.Example.com.', '203.0.113.7', 443)),
    ).toBe(
      `${BLOCKED}backstage.example.com (203.0.113.7) port 443 is this Backstage backend (backend.baseUrl https://backstage.example.com)`,
    );
    expect(
      reasonOf(
        own.check('alias.example.com', '203.0.113.7', 443, ['203.0.113.7']),
      ),
    ).toBe(
      `${BLOCKED}alias.example.com (203.0.113.7) port 443 is this Backstage backend (backend.baseUrl https://backstage.example.com)`,
    );
    expect(
      own.check('alias.example.com', '203.0.113.8', 443, ['203.0.113.7']),
    ).toEqual({ allowed: true });
    expect(own.check('backstage.example.com', '203.0.113.7', 80)).toEqual({
      allowed: true,
    });
  });

  it('takes a baseUrl with an IP literal and a port, and the listen host', () => {
    const literal = new OwnBackendEndpoints({
      listenPort: 7007,
      listenHost: '192.0.2.10',
      baseUrl: 'http://[fd00::10]:8443/',
      localAddresses: () => [],
    });
    expect(literal.baseUrlHostToResolve(8443)).toBeUndefined();
    expect(reasonOf(literal.check('[fd00::10]', 'fd00::10', 8443))).toBe(
      `${BLOCKED}fd00::10 port 8443 is this Backstage backend (backend.baseUrl http://[fd00::10]:8443)`,
    );
    expect(literal.check('192.0.2.10', '192.0.2.10', 7007).allowed).toBe(false);
    expect(literal.check('192.0.2.11', '192.0.2.11', 7007).allowed).toBe(true);
  });

  it('has no listen rule for a port chosen at start (0)', () => {
    const ephemeral = new OwnBackendEndpoints({
      listenPort: 0,
      localAddresses: () => [],
    });
    expect(ephemeral.check('127.0.0.1', '127.0.0.1', 0)).toEqual({
      allowed: true,
    });
  });

  it("reads this machine's interface addresses by default", () => {
    const own7007 = new OwnBackendEndpoints({ listenPort: 7007 });
    expect(own7007.check('127.0.0.1', '127.0.0.1', 7007).allowed).toBe(false);
    const external = Object.values(networkInterfaces())
      .flatMap(list => list ?? [])
      .filter(info => !info.internal);
    for (const { address } of external) {
      expect(own7007.check('host', address, 7007).allowed).toBe(false);
      expect(own7007.check('host', address, 7008).allowed).toBe(true);
    }
  });
});
