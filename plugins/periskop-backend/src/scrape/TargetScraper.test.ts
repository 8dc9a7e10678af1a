import { mockServices } from '@backstage/backend-test-utils';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { createStoreOn, HOUR, MINUTE, T0 } from '../__testUtils__/errorStore';
import { TestStore } from '../__testUtils__/testStore';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import { TargetScraper } from './TargetScraper';
import { FetchResult, TargetFetcher } from './types';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Answers with whatever body the test set; counts the fetches. */
class BodyFetcher implements TargetFetcher {
  body = '';
  fetches = 0;
  /** Whether each fetch was asked to hash the body. */
  digests: boolean[] = [];
  async fetch(
    _url: string,
    options?: { digest?: boolean },
  ): Promise<FetchResult> {
    this.fetches += 1;
    this.digests.push(options?.digest ?? true);
    return {
      ok: true,
      body: this.body,
      bytes: Buffer.byteLength(this.body),
      durationMs: 3,
    };
  }
  async close() {}
}

const ENTITY_REF = 'component:default/shop';
const URL = 'http://10.0.0.1:8080/-/exceptions';
const TARGET: ScrapeTarget = {
  id: targetId(ENTITY_REF, URL),
  entityRef: ENTITY_REF,
  url: URL,
  source: URL,
};

/** What the scrape pool does around each scrape: state in, health out. */
async function scrapeAsThePoolDoes(store: TestStore, scraper: TargetScraper) {
  const states = await store.listScrapeStates();
  const result = await scraper.scrape(TARGET, undefined, states.get(TARGET.id));
  await store.recordTargetHealth([result.health]);
  return result;
}

describe('TargetScraper skips payloads that did not change', () => {
  it.each(databases.eachSupportedId())(
    'applies new bytes, skips the same bytes, and re-applies after the interval on %p',
    async databaseId => {
      const { store } = await createStoreOn(databases, databaseId);
      await store.syncTargets([TARGET]);
      const fetcher = new BodyFetcher();
      let now = T0;
      const scraper = new TargetScraper({
        fetcher,
        store,
        logger: mockServices.logger.mock(),
        maxKeysPerTarget: 100,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        now: () => now,
        reapplyIntervalMs: HOUR,
      });
      const apply = jest.spyOn(store, 'applyInstanceScrape');
      const scrape = () => scrapeAsThePoolDoes(store, scraper);

      fetcher.body = readClientFixture('go/01-initial.json');
      const first = await scrape();
      expect(first.unchanged).toBeUndefined();
      expect(first.newOccurrences).toBeGreaterThan(0);
      expect(first.health.payloadDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(apply).toHaveBeenCalledTimes(1);

      // the same bytes a minute later: health only, the store is not asked
      now += MINUTE;
      const same = await scrape();
      expect(same).toMatchObject({
        unchanged: true,
        newOccurrences: 0,
        groupsChanged: 0,
      });
      expect(same.health).toMatchObject({
        up: true,
        scrapedAt: now,
        instanceKey: first.health.instanceKey,
        errorKeys: first.health.errorKeys,
        warnings: 0,
      });
      expect(same.health.payloadDigest).toBeUndefined();
      expect(apply).toHaveBeenCalledTimes(1);
      const [stored] = await store.listTargets();
      expect(stored).toMatchObject({ up: true, lastScrapeAt: now });

      // new bytes go through the store and count
      now += MINUTE;
      fetcher.body = readClientFixture('go/02-after-5-more.json');
      const changed = await scrape();
      expect(changed.unchanged).toBeUndefined();
      expect(changed.newOccurrences).toBe(5);
      expect(apply).toHaveBeenCalledTimes(2);

      // unchanged for longer than the interval: applied again (liveness),
      // which counts nothing
      now += HOUR;
      const reapplied = await scrape();
      expect(reapplied.unchanged).toBeUndefined();
      expect(reapplied.newOccurrences).toBe(0);
      expect(apply).toHaveBeenCalledTimes(3);

      const groups = await store.listErrorGroups(ENTITY_REF);
      expect(groups.reduce((sum, g) => sum + g.totalCount, 0)).toBe(
        JSON.parse(fetcher.body).aggregated_errors.reduce(
          (sum: number, a: { total_count: number }) => sum + a.total_count,
          0,
        ),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'does not skip after a failed scrape, nor with another replica’s digest of other bytes, on %p',
    async databaseId => {
      const { store } = await createStoreOn(databases, databaseId);
      await store.syncTargets([TARGET]);
      const fetcher = new BodyFetcher();
      const scraper = new TargetScraper({
        fetcher,
        store,
        logger: mockServices.logger.mock(),
        maxKeysPerTarget: 100,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        now: () => T0,
      });
      const apply = jest.spyOn(store, 'applyInstanceScrape');

      fetcher.body = readClientFixture('python/01-initial.json');
      const first = await scraper.scrape(TARGET);
      await store.recordTargetHealth([first.health]);
      const state = (await store.listScrapeStates()).get(TARGET.id)!;
      expect(state).toMatchObject({
        payloadDigest: first.health.payloadDigest,
        payloadAppliedAt: T0,
        instanceKey: first.health.instanceKey,
      });

      // the target went down: the digest stays, but the instance is unknown
      await store.recordTargetHealth([
        {
          ...first.health,
          up: false,
          instanceKey: null,
          error: 'HTTP 503',
          payloadDigest: undefined,
          payloadAppliedAt: undefined,
        },
      ]);
      const afterDown = (await store.listScrapeStates()).get(TARGET.id)!;
      expect(afterDown.payloadDigest).toBe(first.health.payloadDigest);
      const back = await scraper.scrape(TARGET, undefined, afterDown);
      expect(back.unchanged).toBeUndefined();
      expect(apply).toHaveBeenCalledTimes(2);

      // a digest of other bytes with other counts is no reason to skip
      const other = await scraper.scrape(TARGET, undefined, {
        ...state,
        payloadDigest: '0'.repeat(64),
        countersDigest: '1'.repeat(64),
      });
      expect(other.unchanged).toBeUndefined();
      expect(apply).toHaveBeenCalledTimes(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a payload whose keys and counts did not move, in any order and format, and reads samples only of moved keys, on %p',
    async databaseId => {
      const { store } = await createStoreOn(databases, databaseId);
      await store.syncTargets([TARGET]);
      const fetcher = new BodyFetcher();
      let now = T0;
      const logger = mockServices.logger.mock();
      const scraper = new TargetScraper({
        fetcher,
        store,
        logger,
        maxKeysPerTarget: 100,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        now: () => now,
      });
      const apply = jest.spyOn(store, 'applyInstanceScrape');
      const scrape = () => scrapeAsThePoolDoes(store, scraper);
      const document = JSON.parse(readClientFixture('go/01-initial.json'));
      fetcher.body = JSON.stringify(document);
      const first = await scrape();
      expect(first.newOccurrences).toBeGreaterThan(0);
      expect(first.health.countersDigest).toMatch(/^[0-9a-f]{64}$/);

      // what periskop-go does on every request: another key order (here
      // also another indentation), the same keys and counts
      now += MINUTE;
      fetcher.body = JSON.stringify(
        {
          ...document,
          aggregated_errors: [...document.aggregated_errors].reverse(),
        },
        null,
        2,
      );
      const reordered = await scrape();
      expect(reordered).toMatchObject({
        unchanged: true,
        newOccurrences: 0,
        health: { up: true, errorKeys: document.aggregated_errors.length },
      });
      expect(apply).toHaveBeenCalledTimes(1);
      // its bytes are now the ones known to be stored
      expect(reordered.health.payloadDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(reordered.health.payloadAppliedAt).toBeUndefined();

      // reordered again: a second miss in a row makes it a reordering
      // target, whose bodies are not hashed any more (that could only miss)
      const order = () =>
        JSON.stringify({
          ...document,
          aggregated_errors: [...document.aggregated_errors].sort(
            () => Math.random() - 0.5,
          ),
          target_uuid: document.target_uuid,
        });
      now += MINUTE;
      fetcher.body = `${order()} `;
      expect(await scrape()).toMatchObject({ unchanged: true });
      now += MINUTE;
      fetcher.body = `${order()}  `;
      expect(await scrape()).toMatchObject({ unchanged: true });
      expect(fetcher.digests).toEqual([true, true, true, false]);
      expect(apply).toHaveBeenCalledTimes(1);

      // one key moves; the samples of the others are damaged, which only
      // shows if they are read
      now += MINUTE;
      const [moved, ...others] = document.aggregated_errors;
      const damaged = JSON.stringify({
        ...document,
        aggregated_errors: [
          ...others.map((a: object) => ({ ...a, latest_errors: '@@' })),
          { ...moved, total_count: moved.total_count + 2 },
        ],
      });
      fetcher.body = damaged;
      const changed = await scrape();
      expect(changed).toMatchObject({
        newOccurrences: 2,
        groupsChanged: 1,
        health: { warnings: 0, firstWarning: null },
      });
      expect(changed.unchanged).toBeUndefined();
      expect(apply).toHaveBeenCalledTimes(2);
      expect(logger.warn).not.toHaveBeenCalled();
    },
  );
});

describe('TargetScraper in an aborted cycle', () => {
  it('marks a fetch cut off by the cycle’s end as aborted, not as a failed target', async () => {
    const controller = new AbortController();
    const scraper = new TargetScraper({
      fetcher: {
        async fetch() {
          controller.abort();
          return { ok: false, reason: 'scrape aborted', durationMs: 5 };
        },
        async close() {},
      },
      store: {} as TestStore,
      logger: mockServices.logger.mock(),
      maxKeysPerTarget: 100,
      redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
    });
    const result = await scraper.scrape(TARGET, controller.signal);
    expect(result).toMatchObject({ aborted: true, health: { up: false } });
  });
});
