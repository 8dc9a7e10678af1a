import { Resolver } from 'node:dns/promises';
import { DnsLookupError, NodeDnsResolver } from './DnsResolver';

function dnsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`query ${code}`), { code });
}

describe('NodeDnsResolver', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('against the real resolver', () => {
    const resolver = new NodeDnsResolver({ timeoutMs: 10_000 });

    it('resolves localhost (through the system resolver fallback)', async () => {
      const addresses = await resolver.resolveAddresses('localhost');
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.some(a => a === '127.0.0.1' || a === '::1')).toBe(true);
      expect(new Set(addresses).size).toBe(addresses.length);
    });

    it('fails with a human message for a name that cannot exist', async () => {
      const error = await resolver
        .resolveAddresses('no-such-host.invalid')
        .catch(e => e);
      expect(error).toBeInstanceOf(DnsLookupError);
      expect(error.message).toMatch(
        /^DNS lookup of no-such-host\.invalid failed: E[A-Z_]+$/,
      );
      expect(error.host).toBe('no-such-host.invalid');
    });

    it('fails with a human message for SRV records that cannot exist', async () => {
      await expect(
        resolver.resolveSrv('_http._tcp.no-such-host.invalid'),
      ).rejects.toThrow(
        /^DNS SRV lookup of _http\._tcp\.no-such-host\.invalid failed: E[A-Z_]+$/,
      );
    });
  });

  describe('with a stubbed resolver', () => {
    it('merges A and AAAA records, tolerating ENODATA for one family', async () => {
      jest
        .spyOn(Resolver.prototype, 'resolve4')
        .mockResolvedValue(['10.0.0.2', '10.0.0.1', '10.0.0.2'] as any);
      jest
        .spyOn(Resolver.prototype, 'resolve6')
        .mockRejectedValue(dnsError('ENODATA'));
      await expect(
        new NodeDnsResolver().resolveAddresses('API.svc.'),
      ).resolves.toEqual(['10.0.0.2', '10.0.0.1']);

      jest
        .spyOn(Resolver.prototype, 'resolve6')
        .mockResolvedValue(['fd00::1'] as any);
      await expect(
        new NodeDnsResolver().resolveAddresses('api.svc'),
      ).resolves.toEqual(['10.0.0.2', '10.0.0.1', 'fd00::1']);
    });

    it('reports a broken DNS instead of falling back', async () => {
      jest
        .spyOn(Resolver.prototype, 'resolve4')
        .mockRejectedValue(dnsError('ETIMEOUT'));
      jest
        .spyOn(Resolver.prototype, 'resolve6')
        .mockRejectedValue(dnsError('ENODATA'));
      await expect(
        new NodeDnsResolver().resolveAddresses('localhost'),
      ).rejects.toThrow(new Error('DNS lookup of localhost failed: ETIMEOUT'));
    });

    it('times out', async () => {
      jest
        .spyOn(Resolver.prototype, 'resolve4')
        .mockReturnValue(new Promise(() => {}));
      jest
        .spyOn(Resolver.prototype, 'resolve6')
        .mockReturnValue(new Promise(() => {}));
      const error = await new NodeDnsResolver({ timeoutMs: 50 })
        .resolveAddresses('slow.svc')
        .catch(e => e);
      expect(error.message).toBe(
        'DNS lookup of slow.svc failed: timed out after 50 ms',
      );
      expect(error.code).toBe('ETIMEOUT');
    });

    it('normalises SRV records', async () => {
      jest.spyOn(Resolver.prototype, 'resolveSrv').mockResolvedValue([
        { name: 'API-1.Example.com.', port: 8080, priority: 10, weight: 5 },
        { name: 'api-2.example.com', port: 8081, priority: 20, weight: 0 },
      ]);
      await expect(
        new NodeDnsResolver().resolveSrv('_http._tcp.example.com'),
      ).resolves.toEqual([
        { name: 'api-1.example.com', port: 8080, priority: 10, weight: 5 },
        { name: 'api-2.example.com', port: 8081, priority: 20, weight: 0 },
      ]);
    });

    it('reports an empty SRV answer', async () => {
      jest.spyOn(Resolver.prototype, 'resolveSrv').mockResolvedValue([]);
      await expect(
        new NodeDnsResolver().resolveSrv('_http._tcp.example.com'),
      ).rejects.toThrow(
        'DNS SRV lookup of _http._tcp.example.com failed: ENODATA',
      );
    });
  });
});
