import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { componentEntity } from '../__testUtils__/componentEntity';
import { createTestDatabases } from '../__testUtils__/databases';
import { Dnsmasq } from '../__testUtils__/Dnsmasq';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { createTestStore } from '../__testUtils__/testStore';
import { readPeriskopConfig } from '../config/PeriskopConfig';
import { createScrapePool } from '../scrape/createScrapePool';
import { ScrapeTarget } from './types';

// Discovery against Debian's dnsmasq, configured as
// `periskop.discovery.dnsServers` and assembled as the plugin assembles it.
// Without dnsmasq the test is skipped (and counted as skipped), as the
// browser tests are without Chromium; `.ci/run` installs it and sets
// PERISKOP_TEST_REQUIRE_DNSMASQ, so there a missing dnsmasq fails.

jest.setTimeout(30_000);

const unavailable = Dnsmasq.unavailableReason();
const skip =
  unavailable !== undefined && !process.env.PERISKOP_TEST_REQUIRE_DNSMASQ;
if (skip) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping the dnsmasq discovery test: ${unavailable}`);
}
const describeWithDnsmasq = skip ? describe.skip : describe;

const databases = createTestDatabases();

const rows = (targets: ScrapeTarget[]) =>
  targets.map(t => [t.url, t.unavailableReason ?? 'scraped']);

describeWithDnsmasq('CatalogTargetDiscovery with dnsmasq', () => {
  let dns: Dnsmasq;
  let closeFetcher: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dns = await Dnsmasq.start();
  });

  afterEach(async () => {
    await closeFetcher?.();
    closeFetcher = undefined;
  });

  afterAll(async () => {
    await dns?.stop();
  });

  /** The scrape pool of one entity with `targets`, from the app config. */
  async function poolFor(targets: string) {
    const knex = await databases.init('SQLITE_3');
    const { pool, fetcher } = createScrapePool({
      settings: readPeriskopConfig(
        new ConfigReader({
          periskop: { discovery: { dnsServers: [dns.address] } },
        }),
      ),
      store: await createTestStore({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      }),
      catalog: catalogServiceMock({
        entities: [componentEntity('api', { targets })],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    closeFetcher = () => fetcher.close();
    return pool;
  }

  it('turns A and AAAA records into targets, and follows their changes between cycles', async () => {
    await dns.set('api.test', {
      a: ['10.0.0.2', '10.0.0.1'],
      aaaa: ['fd00::1'],
    });
    const pool = await poolFor('dns+a://api.test:8080/errors');

    const first = await pool.discoverTargets();
    expect(rows(first.targets)).toEqual([
      ['http://10.0.0.1:8080/errors', 'scraped'],
      ['http://10.0.0.2:8080/errors', 'scraped'],
      ['http://[fd00::1]:8080/errors', 'scraped'],
    ]);
    expect(first.summary).toMatchObject({ added: 3, removed: 0 });

    // a pod went away, another came, the IPv6 address is gone
    await dns.set('api.test', { a: ['10.0.0.2', '10.0.0.3'] });
    const second = await pool.discoverTargets();
    expect(rows(second.targets)).toEqual([
      ['http://10.0.0.2:8080/errors', 'scraped'],
      ['http://10.0.0.3:8080/errors', 'scraped'],
    ]);
    expect(second.summary).toMatchObject({ added: 1, removed: 2 });
  });

  it('turns SRV records into targets, and follows their changes between cycles', async () => {
    await dns.set('_periskop._tcp.api.test', {
      srv: [
        { name: 'b.api.test', port: 9001, priority: 10, weight: 5 },
        { name: 'a.api.test', port: 9000, priority: 10, weight: 5 },
        { name: 'backup.api.test', port: 9002, priority: 20 },
      ],
    });
    const pool = await poolFor('dns+srv://_periskop._tcp.api.test');

    expect(rows((await pool.discoverTargets()).targets)).toEqual([
      ['http://a.api.test:9000/-/exceptions', 'scraped'],
      ['http://b.api.test:9001/-/exceptions', 'scraped'],
      ['http://backup.api.test:9002/-/exceptions', 'scraped'],
    ]);

    await dns.set('_periskop._tcp.api.test', {
      srv: [{ name: 'c.api.test', port: 9003 }],
    });
    const second = await pool.discoverTargets();
    expect(rows(second.targets)).toEqual([
      ['http://c.api.test:9003/-/exceptions', 'scraped'],
    ]);
    expect(second.summary).toMatchObject({ added: 1, removed: 3 });
  });

  it('reports NXDOMAIN and NODATA as unavailable targets, without asking the system resolver', async () => {
    // `localhost` resolves through getaddrinfo; dnsmasq does not know it,
    // and its word is final.
    await dns.set('empty.test', {});
    const pool = await poolFor(
      'dns+a://missing.test:8080, dns+a://localhost:8080, dns+srv://_x._tcp.missing.test, dns+a://empty.test:1',
    );

    expect(rows((await pool.discoverTargets()).targets)).toEqual([
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
      [
        'dns+a://empty.test:1/-/exceptions',
        'DNS lookup of empty.test failed: ENODATA',
      ],
    ]);
  });

  it('scrapes the instance that dnsmasq names', async () => {
    const service = await PayloadServer.start();
    try {
      service.set('/errors', {
        body: '{"target_uuid":"u","aggregated_errors":[]}',
      });
      await dns.set('instance.test', { a: ['127.0.0.1'] });
      const pool = await poolFor(
        `dns+a://instance.test:${service.port}/errors`,
      );

      expect(await pool.scrapeAll()).toMatchObject({
        targets: 1,
        ok: 1,
        failed: 0,
      });
    } finally {
      await service.stop();
    }
  });

  it('scrapes the instance of an SRV record whose host only dnsmasq knows', async () => {
    const service = await PayloadServer.start();
    try {
      service.set('/errors', {
        body: '{"target_uuid":"u","aggregated_errors":[]}',
      });
      await dns.set('_periskop._tcp.svc.test', {
        srv: [{ name: 'pod-1.svc.test', port: service.port }],
      });
      await dns.set('pod-1.svc.test', { a: ['127.0.0.1'] });
      const pool = await poolFor('dns+srv://_periskop._tcp.svc.test/errors');

      expect(await pool.scrapeAll()).toMatchObject({
        targets: 1,
        ok: 1,
        failed: 0,
      });
      expect(service.requests).toHaveLength(1);
    } finally {
      await service.stop();
    }
  });
});
