import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { StaticDiscovery } from '../__testUtils__/StaticDiscovery';
import { createTestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import type { IngestReport } from '../live/IngestObserver';
import { ScrapePool } from './ScrapePool';
import { TargetScraper } from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const CHANGING = 'component:default/changing';
const QUIET = 'component:default/quiet';

function payload(uuid: string, count: number): string {
  return JSON.stringify({
    target_uuid: uuid,
    aggregated_errors: [
      {
        aggregation_key: 'TypeError@1',
        total_count: count,
        severity: 'error',
        latest_errors: [],
      },
    ],
  });
}

describe('ScrapePool telling its observer what a cycle changed', () => {
  let server: PayloadServer;
  beforeAll(async () => {
    server = await PayloadServer.start();
  });
  afterAll(() => server.stop());

  it.each(databases.eachSupportedId())(
    'reports the entities with new occurrences and the new groups once, nothing for a cycle without changes, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await createTestStore({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      let failHealth = false;
      const reports: IngestReport[] = [];
      const logger = mockServices.logger.mock();
      const fetcher = new UndiciTargetFetcher({
        timeoutMs: 5000,
        maxBodyBytes: 1024 * 1024,
        concurrency: 4,
      });
      const pool = new ScrapePool({
        discovery: new StaticDiscovery(
          [CHANGING, QUIET].map(entityRef => {
            const url = server.url(`/${databaseId}/${entityRef}`);
            return {
              id: targetId(entityRef, url),
              entityRef,
              url,
              source: url,
            };
          }),
        ),
        store: {
          ...store,
          recordTargetHealth: async records => {
            if (failHealth) throw new Error('disk full');
            await store.recordTargetHealth(records);
          },
        },
        logger,
        concurrency: 2,
        scraper: new TargetScraper({
          fetcher,
          store,
          logger,
          maxKeysPerTarget: 10,
          redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        }),
        observer: { afterIngest: async report => void reports.push(report) },
      });
      const serve = (entityRef: string, count: number) =>
        server.set(`/${databaseId}/${entityRef}`, {
          body: payload(entityRef, count),
        });
      try {
        serve(CHANGING, 2);
        serve(QUIET, 1);
        await pool.scrapeAll();
        expect(reports).toHaveLength(1);
        expect([...reports[0].changedEntityRefs].sort()).toEqual([
          CHANGING,
          QUIET,
        ]);
        expect(
          reports[0].transitions.map(t => `${t.kind} ${t.entityRef}`).sort(),
        ).toEqual([`new ${CHANGING}`, `new ${QUIET}`]);

        serve(CHANGING, 5);
        await pool.scrapeAll();
        expect(reports[1]).toEqual({
          changedEntityRefs: [CHANGING],
          transitions: [],
        });

        await pool.scrapeAll();
        expect(reports[2]).toEqual({ changedEntityRefs: [], transitions: [] });

        // committed counts are told even when the cycle then fails
        failHealth = true;
        serve(QUIET, 3);
        await expect(pool.scrapeAll()).rejects.toThrow('disk full');
        expect(reports[3]).toEqual({
          changedEntityRefs: [QUIET],
          transitions: [],
        });
      } finally {
        await fetcher.close();
      }
    },
  );
});
