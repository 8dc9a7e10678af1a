import { mockServices } from '@backstage/backend-test-utils';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { InMemoryMetrics } from '../__testUtils__/inMemoryMetrics';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { StaticDiscovery } from '../__testUtils__/StaticDiscovery';
import { createTestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import { createPeriskopMetrics, ERROR_OCCURRENCES_METRIC } from '../metrics';
import { ScrapePool } from './ScrapePool';
import { TargetScraper } from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';

// The pool's hooks: a cycle over real loopback targets fills the target
// gauges, counts the occurrences and times the store; a target that left
// discovery leaves the gauges with the next cycle.

jest.setTimeout(60_000);

const databases = createTestDatabases();

function target(entityRef: string, url: string): ScrapeTarget {
  return { id: targetId(entityRef, url), entityRef, url, source: url };
}

describe('ScrapePool metrics', () => {
  let server: PayloadServer;
  beforeAll(async () => {
    server = await PayloadServer.start();
  });
  afterAll(() => server.stop());

  it('records target health, occurrences and store latencies of a cycle', async () => {
    const [databaseId] = databases.eachSupportedId()[0];
    const knex = await databases.init(databaseId);
    const store = await createTestStore({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const fetcher = new UndiciTargetFetcher({
      timeoutMs: 2_000,
      maxBodyBytes: 1024 * 1024,
      concurrency: 4,
    });
    const metrics = new InMemoryMetrics();
    const periskopMetrics = createPeriskopMetrics(metrics.service, {
      schedule: { frequency: { seconds: 30 }, timeout: { minutes: 2 } },
      scrapeIntervalSeconds: 30,
      metrics: { targetLabel: false },
    });
    const logger = mockServices.logger.mock();
    const discovery = new StaticDiscovery();
    const pool = new ScrapePool({
      discovery,
      store,
      logger,
      concurrency: 4,
      metrics: periskopMetrics,
      scraper: new TargetScraper({
        fetcher,
        store,
        logger,
        maxKeysPerTarget: 100,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        metrics: periskopMetrics,
      }),
    });

    const shop = 'component:default/shop';
    const go = target(shop, server.url('/go/-/exceptions'));
    const broken = target(shop, server.url('/broken/-/exceptions'));
    server.set('/go/-/exceptions', {
      body: readClientFixture('go/01-initial.json'),
    });
    server.set('/broken/-/exceptions', { status: 503, body: 'down' });
    discovery.targets = [go, broken];

    try {
      await pool.scrapeAll();
      const up = await metrics.series('periskop_target_up');
      expect(up).toEqual(
        expect.arrayContaining([
          {
            labels: { service_name: 'shop', entity_ref: shop, target: go.url },
            value: 1,
          },
          {
            labels: {
              service_name: 'shop',
              entity_ref: shop,
              target: broken.url,
            },
            value: 0,
          },
        ]),
      );
      const [bytes] = await metrics.series('periskop_scrape_payload_bytes');
      expect(bytes.value).toBe(
        Buffer.byteLength(readClientFixture('go/01-initial.json')),
      );
      const occurrences = await metrics.series(ERROR_OCCURRENCES_METRIC);
      expect(occurrences.reduce((sum, s) => sum + s.value, 0)).toBe(20);

      const operations = (
        await metrics.series('periskop_store_duration_seconds')
      ).map(s => s.labels.operation);
      expect(operations.sort()).toEqual([
        'apply_instance_scrape',
        'list_scrape_states',
        'record_target_health',
        'sync_targets',
      ]);

      // the broken instance is gone from the catalog: its series go with it
      discovery.targets = [go];
      await pool.scrapeAll();
      expect(
        (await metrics.series('periskop_target_up')).map(s => s.labels.target),
      ).toEqual([go.url]);
    } finally {
      await fetcher.close();
      await metrics.shutdown();
    }
  });
});
