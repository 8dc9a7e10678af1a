import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestDnsServer } from '../__testUtils__/dnsServer';
import { DEFAULT_MAX_RECORDS_PER_NAME } from '../config/defaults';
import { CatalogTargetDiscovery } from './CatalogTargetDiscovery';
import { NodeDnsResolver } from './DnsResolver';
import { OutboundPolicy } from './OutboundPolicy';

// Discovery through Node's resolver against a real DNS server on a loopback
// port, as `periskop.discovery.dnsServers` configures it.

function entity(name: string, targets: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      uid: `uid-${name}`,
      annotations: { 'periskop.io/targets': targets },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

describe('CatalogTargetDiscovery with a real DNS server', () => {
  let dns: TestDnsServer;

  beforeEach(async () => {
    dns = await TestDnsServer.start();
  });

  afterEach(async () => {
    await dns.stop();
  });

  function discovery(targets: string, resolverTimeoutMs = 2000) {
    return new CatalogTargetDiscovery({
      catalog: catalogServiceMock({ entities: [entity('api', targets)] }),
      auth: mockServices.auth(),
      dns: new NodeDnsResolver({
        servers: [dns.address],
        timeoutMs: resolverTimeoutMs,
      }),
      policy: new OutboundPolicy(),
      logger: mockServices.logger.mock(),
    });
  }

  const rows = (targets: Array<{ url: string; unavailableReason?: string }>) =>
    targets.map(t => [t.url, t.unavailableReason ?? 'scraped']);

  it('turns A and AAAA records into targets, and follows their changes', async () => {
    dns.set('api.test', { a: ['10.0.0.2', '10.0.0.1'], aaaa: ['fd00::1'] });
    const subject = discovery('dns+a://api.test:8080/errors');

    expect(rows((await subject.discover()).targets)).toEqual([
      ['http://10.0.0.1:8080/errors', 'scraped'],
      ['http://10.0.0.2:8080/errors', 'scraped'],
      ['http://[fd00::1]:8080/errors', 'scraped'],
    ]);
    expect(dns.questions).toEqual(
      expect.arrayContaining(['api.test A', 'api.test AAAA']),
    );

    // a pod went away, another came, the IPv6 address is gone
    dns.set('api.test', { a: ['10.0.0.2', '10.0.0.3'] });
    expect(rows((await subject.discover()).targets)).toEqual([
      ['http://10.0.0.2:8080/errors', 'scraped'],
      ['http://10.0.0.3:8080/errors', 'scraped'],
    ]);
  });

  it('turns SRV records into targets, and follows their changes', async () => {
    dns.set('_periskop._tcp.api.test', {
      srv: [
        { name: 'b.api.test', port: 9001, priority: 10, weight: 5 },
        { name: 'a.api.test', port: 9000, priority: 10, weight: 5 },
        { name: 'backup.api.test', port: 9002, priority: 20 },
      ],
    });
    const subject = discovery('dns+srv://_periskop._tcp.api.test');

    expect(rows((await subject.discover()).targets)).toEqual([
      ['http://a.api.test:9000/-/exceptions', 'scraped'],
      ['http://b.api.test:9001/-/exceptions', 'scraped'],
      ['http://backup.api.test:9002/-/exceptions', 'scraped'],
    ]);

    dns.set('_periskop._tcp.api.test', {
      srv: [{ name: 'c.api.test', port: 9003 }],
    });
    expect(rows((await subject.discover()).targets)).toEqual([
      ['http://c.api.test:9003/-/exceptions', 'scraped'],
    ]);
  });

  it('reports NXDOMAIN as an unavailable target, without asking the system resolver', async () => {
    // `localhost` resolves through getaddrinfo; the configured server does
    // not know it, and its word is final.
    const subject = discovery(
      'dns+a://missing.test:8080, dns+a://localhost:8080, dns+srv://_x._tcp.missing.test',
    );

    const { targets } = await subject.discover();

    expect(rows(targets)).toEqual([
      [
        'dns+a://missing.test:8080/-/exceptions',
        'DNS lookup of missing.test failed: ENOTFOUND',
      ],
      [
        'dns+a://localhost:8080/-/exceptions',
        'DNS lookup of localhost failed: ENOTFOUND',
      ],
      [
        'dns+srv://_x._tcp.missing.test/-/exceptions',
        'DNS SRV lookup of _x._tcp.missing.test failed: ENOTFOUND',
      ],
    ]);
  });

  it('reports a name without addresses as ENODATA', async () => {
    dns.set('empty.test', {});
    const { targets } = await discovery('dns+a://empty.test:1').discover();
    expect(rows(targets)).toEqual([
      [
        'dns+a://empty.test:1/-/exceptions',
        'DNS lookup of empty.test failed: ENODATA',
      ],
    ]);
  });

  it('gives up on a server that never answers within the timeout', async () => {
    dns.set('api.test', { a: ['10.0.0.1'] });
    dns.silent = true;
    const started = Date.now();

    const { targets } = await discovery(
      'dns+a://api.test:8080',
      300,
    ).discover();

    expect(rows(targets)).toEqual([
      [
        'dns+a://api.test:8080/-/exceptions',
        expect.stringMatching(
          /^DNS lookup of api\.test failed: (timed out after 300 ms|ETIMEOUT)$/,
        ),
      ],
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(dns.questions.length).toBeGreaterThan(0);
  });

  it('keeps the first maxRecordsPerName addresses (answered over TCP) and reports the rest', async () => {
    const count = DEFAULT_MAX_RECORDS_PER_NAME + 44;
    const addresses = Array.from(
      { length: count },
      (_, i) => `10.1.${Math.floor(i / 256)}.${i % 256}`,
    );
    dns.set('big.test', { a: addresses });

    const { targets, problems } = await discovery(
      'dns+a://big.test:8080',
    ).discover();

    expect(dns.tcpQueries).toBeGreaterThan(0);
    const scraped = targets.filter(t => !t.unavailableReason);
    expect(scraped).toHaveLength(DEFAULT_MAX_RECORDS_PER_NAME);
    expect(scraped[0].url).toBe('http://10.1.0.0:8080/-/exceptions');
    expect(scraped[255].url).toBe('http://10.1.0.255:8080/-/exceptions');
    const reason = `periskop.discovery.maxRecordsPerName is ${DEFAULT_MAX_RECORDS_PER_NAME}: DNS lookup of big.test found ${count} addresses, the last 44 are not scraped`;
    expect(
      targets
        .filter(t => t.unavailableReason)
        .map(t => [t.url, t.unavailableReason]),
    ).toEqual([['dns+a://big.test:8080/-/exceptions', reason]]);
    expect(problems).toEqual([
      {
        entityRef: 'component:default/api',
        message: `dns+a://big.test:8080/-/exceptions: ${reason}`,
      },
    ]);
  });
});
