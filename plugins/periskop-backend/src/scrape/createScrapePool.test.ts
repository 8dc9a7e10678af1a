import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabases } from '../__testUtils__/databases';
import { TestDnsServer } from '../__testUtils__/dnsServer';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { createTestStore } from '../__testUtils__/testStore';
import { readPeriskopConfig } from '../config/PeriskopConfig';
import { createScrapePool } from './createScrapePool';

jest.setTimeout(30_000);

const databases = createTestDatabases();

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

/** A real server on every interface (dual stack when the machine has IPv6), counting requests. */
async function standIn(): Promise<{
  server: http.Server;
  port: number;
  requests: string[];
}> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('{"secret":"the backend answered"}');
  });
  await new Promise<void>(resolve => server.listen(0, resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

// The scrape machinery as the plugin assembles it from the app config:
// discovery through the configured DNS servers and limits, and a fetcher
// that never calls this backend itself.
describe('createScrapePool', () => {
  let dns: TestDnsServer;
  let service: PayloadServer;
  let backend: Awaited<ReturnType<typeof standIn>>;
  let proxy: Awaited<ReturnType<typeof standIn>>;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    service = await PayloadServer.start();
    service.set('/-/exceptions', {
      body: '{"target_uuid":"u","aggregated_errors":[]}',
    });
    backend = await standIn();
    proxy = await standIn();
  });

  afterAll(async () => {
    await dns.stop();
    await service.stop();
    await new Promise(resolve => backend.server.close(resolve));
    await new Promise(resolve => proxy.server.close(resolve));
  });

  async function assemble(entities: Entity[], discovery: object = {}) {
    const knex = await databases.init('SQLITE_3');
    const store = await createTestStore({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const settings = readPeriskopConfig(
      new ConfigReader({
        backend: {
          // a proxy in front of the backend, on another port
          baseUrl: `http://localhost:${proxy.port}`,
          listen: { port: backend.port },
        },
        periskop: { discovery: { dnsServers: [dns.address], ...discovery } },
      }),
    );
    return createScrapePool({
      settings,
      store,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
  }

  it('never fetches from the backend itself, and scrapes its neighbours', async () => {
    dns.set('self.test', { a: ['127.0.0.1'] });
    dns.set('neighbour.test', { a: ['127.0.0.1'] });
    const b = backend.port;
    const { pool, fetcher } = await assemble([
      entity(
        'direct',
        [
          `http://127.0.0.1:${b}`,
          `http://localhost:${b}`,
          `http://[::1]:${b}`,
          `http://127.0.0.1:${proxy.port}`,
          `http://127.0.0.1:${service.port}`,
        ].join(','),
      ),
      entity(
        'through-dns',
        `dns+a://self.test:${b}, dns+a://neighbour.test:${service.port}`,
      ),
    ]);
    try {
      const { targets } = await pool.discoverTargets();
      const results = new Map<string, string>();
      for (const target of targets) {
        const result = await fetcher.fetch(target.url);
        results.set(
          `${target.entityRef.split('/')[1]} ${target.url}`,
          result.ok ? 'ok' : result.reason,
        );
      }

      const itself = (subject: string, port: number, rule: string) =>
        `blocked by periskop.targets policy: ${subject} port ${port} is this Backstage backend (${rule})`;
      const listen = `backend.listen port ${b}`;
      expect(Object.fromEntries(results)).toEqual({
        [`direct http://127.0.0.1:${b}/-/exceptions`]: itself(
          '127.0.0.1',
          b,
          listen,
        ),
        [`direct http://localhost:${b}/-/exceptions`]: expect.stringMatching(
          /^blocked by periskop\.targets policy: localhost \((127\.0\.0\.1|::1)\) port \d+ is this Backstage backend \(backend\.listen port \d+\)$/,
        ),
        [`direct http://[::1]:${b}/-/exceptions`]: itself('::1', b, listen),
        [`direct http://127.0.0.1:${proxy.port}/-/exceptions`]: itself(
          '127.0.0.1',
          proxy.port,
          `backend.baseUrl http://localhost:${proxy.port}`,
        ),
        [`direct http://127.0.0.1:${service.port}/-/exceptions`]: 'ok',
        [`through-dns http://127.0.0.1:${b}/-/exceptions`]: itself(
          '127.0.0.1',
          b,
          listen,
        ),
        [`through-dns http://127.0.0.1:${service.port}/-/exceptions`]: 'ok',
      });
      expect(backend.requests).toEqual([]);
      expect(proxy.requests).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('applies the configured discovery limits', async () => {
    dns.set('many.test', { a: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] });
    const { pool, fetcher } = await assemble(
      [
        entity(
          'many',
          'dns+a://many.test:8080, http://a:1, http://b:1, http://c:1',
        ),
      ],
      {
        maxRecordsPerName: 2,
        maxEntriesPerAnnotation: 3,
        maxTargetsPerEntity: 3,
      },
    );
    try {
      const { targets } = await pool.discoverTargets();
      expect(
        targets.map(t => [t.url, t.unavailableReason ?? 'scraped']),
      ).toEqual([
        ['http://10.0.0.1:8080/-/exceptions', 'scraped'],
        ['http://10.0.0.2:8080/-/exceptions', 'scraped'],
        [
          'dns+a://many.test:8080/-/exceptions',
          'periskop.discovery.maxRecordsPerName is 2: DNS lookup of many.test found 3 addresses, the last 1 are not scraped',
        ],
        [
          'http://a:1/-/exceptions',
          'periskop.discovery.maxTargetsPerEntity is 3: component:default/many has 6 targets, 3 of them (this one and every one after it) are not scraped',
        ],
      ]);
    } finally {
      await fetcher.close();
    }
  });
});
