import { mockServices } from '@backstage/backend-test-utils';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DEFAULT_REDACTION_SETTINGS,
  REDACTED,
  Redaction,
} from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { startInstrumentedService } from '../__testUtils__/instrumentedService';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { createTestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import { ScrapePool } from './ScrapePool';
import { TargetScraper } from './TargetScraper';
import { TargetFetcher } from './types';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';
import { StaticDiscovery } from '../__testUtils__/StaticDiscovery';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function target(
  entityRef: string,
  url: string,
  extra: Partial<ScrapeTarget> = {},
) {
  return {
    id: targetId(entityRef, url),
    entityRef,
    url,
    source: url,
    ...extra,
  };
}

function manyKeysPayload(keys: number): string {
  return JSON.stringify({
    target_uuid: 'many',
    aggregated_errors: Array.from({ length: keys }, (_, i) => ({
      aggregation_key: `E@${i}`,
      total_count: 1,
      severity: 'error',
      latest_errors: [],
    })),
  });
}

describe('ScrapePool against real loopback targets', () => {
  let server: PayloadServer;
  let closedPort: number;

  beforeAll(async () => {
    server = await PayloadServer.start();
    const probe = http.createServer();
    await new Promise<void>(r => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise(r => probe.close(r));
  });

  afterAll(async () => {
    await server.stop();
  });

  it.each(databases.eachSupportedId())(
    'scrapes, aggregates and records health on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await createTestStore({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const fetcher = new UndiciTargetFetcher({
        timeoutMs: 500,
        maxBodyBytes: 1024 * 1024,
        concurrency: 8,
      });
      const logger = mockServices.logger.mock();
      const discovery = new StaticDiscovery();
      const pool = new ScrapePool({
        discovery,
        store,
        logger,
        concurrency: 4,
        scraper: new TargetScraper({
          fetcher,
          store,
          logger,
          maxKeysPerTarget: 10,
          redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        }),
      });

      // a real service instrumented with periskop-client
      const client = await startInstrumentedService();
      const { collector, url: clientUrl } = client;

      const shop = 'component:default/shop';
      const bad = 'component:default/broken';
      const node = 'component:default/node-service';
      discovery.targets = [
        target(shop, server.url(`/${databaseId}/go/-/exceptions`)),
        target(shop, server.url(`/${databaseId}/python/-/exceptions?x=1`)),
        target(node, clientUrl),
        target(bad, server.url(`/${databaseId}/503`)),
        target(bad, server.url(`/${databaseId}/not-json`)),
        target(bad, server.url(`/${databaseId}/oversize`)),
        target(bad, server.url(`/${databaseId}/many-keys`)),
        target(bad, server.url(`/${databaseId}/redirect`)),
        target(bad, server.url(`/${databaseId}/slow`)),
        target(bad, `http://127.0.0.1:${closedPort}/-/exceptions`),
        target(bad, 'http://169.254.169.254/latest', {
          unavailableReason:
            'blocked by periskop.targets policy: 169.254.169.254 is a link-local address',
        }),
      ];
      const p = (path: string) => `/${databaseId}${path}`;
      server.set(p('/503'), { status: 503, body: 'unavailable' });
      server.set(p('/not-json'), {
        body: '<html>hello</html>',
        contentType: 'text/html',
      });
      server.set(p('/oversize'), { streamBytes: 3 * 1024 * 1024 });
      server.set(p('/many-keys'), { body: manyKeysPayload(11) });
      server.set(p('/redirect'), { redirectTo: p('/go/-/exceptions') });
      server.set(p('/slow'), { hang: true });

      const cycle = async (go: string, python: string) => {
        server.set(p('/go/-/exceptions'), {
          body: readClientFixture(go),
          contentType: 'text/plain; charset=utf-8',
        });
        server.set(p('/python/-/exceptions?x=1'), {
          body: readClientFixture(python),
        });
        return pool.scrapeAll();
      };

      try {
        // created at one site with one stack, so both aggregate under one key
        const [boom1, boom2] = [1, 2].map(() => new TypeError('boom'));
        collector.report(boom1, {
          httpContext: {
            requestMethod: 'GET',
            requestUrl: 'http://node/x',
            requestHeaders: { Authorization: 'Bearer secret-node-token' },
          },
        });
        const first = await cycle(
          'go/01-initial.json',
          'python/01-initial.json',
        );
        expect(first).toMatchObject({ targets: 11, ok: 3, failed: 8 });

        collector.report(boom2);
        await cycle('go/02-after-5-more.json', 'python/02-after-6-more.json');
        await cycle(
          'go/03-after-restart-2-more.json',
          'python/03-after-restart-1-more.json',
        );
        // the same payloads again: nothing new
        const steady = await cycle(
          'go/03-after-restart-2-more.json',
          'python/03-after-restart-1-more.json',
        );
        expect(steady.newOccurrences).toBe(0);
        expect(steady.groupsChanged).toBe(0);
        // the same bytes as last cycle are recognised without parsing
        expect(steady.unchanged).toBe(3);

        const groups = await store.listErrorGroups(shop);
        const total = (key: string) =>
          groups.find(g => g.aggregationKey === key)?.totalCount;
        expect(total('*json.SyntaxError@e05c331d')).toBe(18);
        expect(total('JSONDecodeError@876ba4a6')).toBe(18);
        expect(total('*errors.errorString@29ef46ad')).toBe(3);
        expect(total('ValueError@50aeab06')).toBe(4);
        expect(total('payments/provider rejected #1')).toBe(1);

        const html = groups.find(
          g => g.aggregationKey === '*errors.errorString@398ace69',
        )!;
        expect(html.message).toBe(
          "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
        );

        const withHeaders = groups.find(
          g => g.aggregationKey === '*errors.errorString@29ef46ad',
        )!;
        const samples = await store.listSamples(withHeaders.id);
        expect(samples).toHaveLength(3);
        expect(new Set(samples.map(s => s.uuid)).size).toBe(3);
        for (const sample of samples) {
          expect(sample.httpContext!.requestHeaders.Authorization).toBe(
            REDACTED,
          );
          expect(sample.httpContext!.requestHeaders.Cookie).toBe(REDACTED);
        }
        const syntax = groups.find(
          g => g.aggregationKey === '*json.SyntaxError@e05c331d',
        )!;
        const syntaxSamples = await store.listSamples(syntax.id);
        expect(new Set(syntaxSamples.map(s => s.uuid)).size).toBe(
          syntaxSamples.length,
        );
        const instances = await store.listInstanceCounts(syntax.id);
        expect(instances.map(i => i.totalCount).sort((a, b) => a - b)).toEqual([
          2, 16,
        ]);

        const nodeGroups = await store.listErrorGroups(node);
        expect(nodeGroups).toHaveLength(1);
        expect(nodeGroups[0]).toMatchObject({
          errorClass: 'TypeError',
          totalCount: 2,
        });
        const nodeSamples = await store.listSamples(nodeGroups[0].id);
        expect(JSON.stringify(nodeSamples)).not.toContain('secret-node-token');

        const health = new Map(
          (await store.listTargets()).map(t => [t.url, t]),
        );
        const errorOf = (path: string) =>
          health.get(server.url(p(path)))?.lastError;
        expect(health.get(server.url(p('/go/-/exceptions')))).toMatchObject({
          up: true,
          lastError: null,
          errorKeys: 1,
          instanceKey: 'cf096a2f-e72e-4fd5-b1d0-4a328004508a',
        });
        expect(errorOf('/503')).toMatch(/^HTTP 503/);
        expect(errorOf('/not-json')).toMatch(/^not a Periskop payload/);
        expect(errorOf('/oversize')).toBe('response larger than 1 MiB');
        expect(errorOf('/many-keys')).toMatch(
          /^too many error keys: 11 \(limit 10\); response: application\/json, \d+ B$/,
        );
        expect(errorOf('/redirect')).toBe(
          'HTTP 302 Found: redirects are not followed',
        );
        expect(errorOf('/slow')).toBe('timed out after 500ms');
        expect(
          health.get(`http://127.0.0.1:${closedPort}/-/exceptions`)?.lastError,
        ).toMatch(/connection refused/);
        expect(health.get('http://169.254.169.254/latest')).toMatchObject({
          up: false,
          lastError:
            'blocked by periskop.targets policy: 169.254.169.254 is a link-local address',
        });
        // the redirect was never followed
        expect(
          server.requests.filter(r => r === p('/go/-/exceptions')).length,
        ).toBe(4);
        // the bad targets never wrote a group
        expect(await store.listErrorGroups(bad)).toEqual([]);

        // a target that disappears from discovery stops being scraped
        discovery.targets = discovery.targets.slice(0, 1);
        const after = await cycle(
          'go/03-after-restart-2-more.json',
          'python/03-after-restart-1-more.json',
        );
        expect(after.targets).toBe(1);
        expect(await store.listTargets()).toHaveLength(1);
      } finally {
        await fetcher.close();
        await client.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes a cycle cut short by its timeout where it stopped, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await createTestStore({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      // serves an empty payload, and ends the cycle (as the scheduler's
      // timeout does) after two fetches
      let cycle = new AbortController();
      let fetches = 0;
      const fetched: string[] = [];
      let clock = Date.parse('2026-12-01T12:00:00Z');
      const fetcher: TargetFetcher = {
        async fetch(url) {
          fetched.push(url);
          if (++fetches % 2 === 0) cycle.abort();
          return {
            ok: true,
            body: '{"aggregated_errors":[]}',
            bytes: 24,
            durationMs: 1,
          };
        },
        async close() {},
      };
      const logger = mockServices.logger.mock();
      const discovery = new StaticDiscovery();
      discovery.targets = ['a', 'b', 'c', 'd', 'e'].map(name =>
        target('component:default/fleet', `http://${name}.test/-/exceptions`),
      );
      const pool = new ScrapePool({
        discovery,
        store,
        logger,
        concurrency: 1,
        scraper: new TargetScraper({
          fetcher,
          store,
          logger,
          maxKeysPerTarget: 10,
          redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
          now: () => (clock += 1000),
        }),
      });
      const run = async () => {
        fetched.length = 0;
        cycle = new AbortController();
        const summary = await pool.scrapeAll({ signal: cycle.signal });
        return { summary, hosts: fetched.map(url => new URL(url).hostname) };
      };

      const first = await run();
      expect(first.hosts).toEqual(['a.test', 'b.test']);
      expect(first.summary).toMatchObject({ targets: 5, ok: 2 });
      // the next cycle starts with the targets the last one did not reach
      expect((await run()).hosts).toEqual(['c.test', 'd.test']);
      expect((await run()).hosts).toEqual(['e.test', 'a.test']);
      expect(
        (await store.listTargets()).every(t => t.lastScrapeAt !== null),
      ).toBe(true);
    },
  );
  it.each(databases.eachSupportedId())(
    'with 4 shards discovers once per cycle and scrapes each target in exactly one shard, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await createTestStore({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const fetcher = new UndiciTargetFetcher({
        timeoutMs: 2_000,
        maxBodyBytes: 1024 * 1024,
        concurrency: 8,
      });
      const logger = mockServices.logger.mock();
      const discovery = new StaticDiscovery();
      // four replicas, each with its own pool on the same database
      const replicas = [0, 1, 2, 3].map(
        () =>
          new ScrapePool({
            discovery,
            store,
            logger,
            concurrency: 4,
            scraper: new TargetScraper({
              fetcher,
              store,
              logger,
              maxKeysPerTarget: 10,
              redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
            }),
          }),
      );
      const paths = Array.from(
        { length: 24 },
        (_, i) => `/${databaseId}/shards/${i}/-/exceptions`,
      );
      for (const [i, path] of paths.entries()) {
        server.set(path, {
          body: JSON.stringify({
            target_uuid: `instance-${i}`,
            aggregated_errors: [
              {
                aggregation_key: 'E@1',
                total_count: 1,
                severity: 'error',
                latest_errors: [],
              },
            ],
          }),
        });
      }
      discovery.targets = paths.map(path =>
        target('component:default/fleet', server.url(path)),
      );
      const requestsOf = (path: string) =>
        server.requests.filter(r => r === path).length;
      const shardCycle = () =>
        Promise.all(
          replicas.map((pool, index) =>
            pool.scrapeShard({ shard: { index, count: 4 } }),
          ),
        );

      try {
        // before the first discovery the stored list is empty
        expect((await shardCycle()).map(s => s.targets)).toEqual([0, 0, 0, 0]);
        expect(discovery.calls).toBe(0);

        for (let cycle = 1; cycle <= 2; cycle++) {
          const { summary } = await replicas[0].discoverTargets();
          expect(summary).toMatchObject({
            targets: 24,
            added: cycle === 1 ? 24 : 0,
          });
          const shards = await shardCycle();
          expect(discovery.calls).toBe(cycle);
          // the shards partition the fleet
          expect(shards.reduce((sum, s) => sum + s.targets, 0)).toBe(24);
          expect(shards.filter(s => s.targets > 0).length).toBeGreaterThan(1);
          expect(shards.every(s => s.failed === 0)).toBe(true);
          for (const path of paths) {
            expect(requestsOf(path)).toBe(cycle);
          }
        }
        const groups = await store.listErrorGroups('component:default/fleet');
        expect(groups).toHaveLength(1);
        expect(groups[0].totalCount).toBe(24);
      } finally {
        await fetcher.close();
      }
    },
  );
});
