import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { createStoreOn, MINUTE, T0 } from '../__testUtils__/errorStore';
import { PayloadServer } from '../__testUtils__/payloadServer';
import { TestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import { TargetScraper } from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';

// A target whose new keys pass a cap on error groups says so in its health,
// for as long as the payload the store holds is the one that hit the cap.

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ENTITY_REF = 'component:default/chatty';
const PATH = '/-/exceptions';

let server: PayloadServer;
let fetcher: UndiciTargetFetcher;

beforeAll(async () => {
  server = await PayloadServer.start();
  fetcher = new UndiciTargetFetcher({
    timeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    concurrency: 4,
  });
});

afterAll(async () => {
  await fetcher.close();
  await server.stop();
});

/** A periskop-go style payload: the keys and their counts, no samples. */
function payload(counts: Record<string, number>): string {
  return JSON.stringify({
    target_uuid: '5d4f7f0e-0000-4000-8000-000000000001',
    aggregated_errors: Object.entries(counts).map(([key, count]) => ({
      aggregation_key: key,
      total_count: count,
      severity: 'error',
      latest_errors: [],
    })),
  });
}

async function scrapeAsThePoolDoes(
  store: TestStore,
  scraper: TargetScraper,
  target: ScrapeTarget,
) {
  const states = await store.listScrapeStates();
  const result = await scraper.scrape(target, undefined, states.get(target.id));
  await store.recordTargetHealth([result.health]);
  const [stored] = await store.listTargets({ entityRef: ENTITY_REF });
  return { result, stored };
}

describe('TargetScraper and the caps on error groups', () => {
  it.each(databases.eachSupportedId())(
    'shows which cap folded how many keys, keeps it while the payload stays, and clears it on %p',
    async databaseId => {
      const { store } = await createStoreOn(databases, databaseId, {
        limits: { groupsPerEntity: 3, newGroupsPerTargetPerCycle: 100 },
      });
      const url = server.url(PATH);
      const target: ScrapeTarget = {
        id: targetId(ENTITY_REF, url),
        entityRef: ENTITY_REF,
        url,
        source: url,
      };
      await store.syncTargets([target]);
      let now = T0;
      const scraper = new TargetScraper({
        fetcher,
        store,
        logger: mockServices.logger.mock(),
        maxKeysPerTarget: 100,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        now: () => now,
      });
      const scrape = () => scrapeAsThePoolDoes(store, scraper, target);
      const notice =
        '2 error keys folded into "Other errors (over the group cap)": the entity has 3 groups (periskop.limits.groupsPerEntity)';

      server.set(PATH, { body: payload({ a: 1, b: 2, c: 3, d: 4, e: 5 }) });
      const first = await scrape();
      expect(first.result).toMatchObject({ newOccurrences: 15, foldedKeys: 2 });
      expect(first.stored.limitNotice).toBe(notice);

      // the same bytes: not applied, and the notice stays
      now += MINUTE;
      const same = await scrape();
      expect(same.result.unchanged).toBe(true);
      expect(same.stored.limitNotice).toBe(notice);

      // the same keys and counts in another order: not applied either
      now += MINUTE;
      server.set(PATH, { body: payload({ e: 5, d: 4, c: 3, b: 2, a: 1 }) });
      const reordered = await scrape();
      expect(reordered.result.unchanged).toBe(true);
      expect(reordered.stored.limitNotice).toBe(notice);

      // a folded key occurs again while the entity is at its cap: folded
      // again, and the notice says so
      now += MINUTE;
      server.set(PATH, { body: payload({ a: 2, b: 2, c: 3, d: 4, e: 6 }) });
      const moved = await scrape();
      expect(moved.result).toMatchObject({ newOccurrences: 2, foldedKeys: 1 });
      expect(moved.stored.limitNotice).toBe(
        '1 error key folded into "Other errors (over the group cap)": the entity has 3 groups (periskop.limits.groupsPerEntity)',
      );

      // only keys with their own groups move: nothing folded, no notice
      now += MINUTE;
      server.set(PATH, { body: payload({ a: 2, b: 2, c: 4, d: 4, e: 6 }) });
      const own = await scrape();
      expect(own.result).toMatchObject({ newOccurrences: 1, foldedKeys: 0 });
      expect(own.stored.limitNotice).toBeNull();

      const groups = await store.listErrorGroups(ENTITY_REF);
      expect(groups).toHaveLength(4);
      expect(groups.reduce((sum, g) => sum + g.totalCount, 0)).toBe(18);
      expect(
        groups.find(g => g.aggregationKey.startsWith('Other errors'))
          ?.totalCount,
      ).toBe(1 + 2 + 1);
    },
  );
});
