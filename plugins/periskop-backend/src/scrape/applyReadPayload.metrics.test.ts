import {
  readPeriskopPayload,
  WirePayload,
} from '@periskop-backstage/plugin-periskop-common';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { createStoreOn, MINUTE, T0 } from '../__testUtils__/errorStore';
import { InMemoryMetrics } from '../__testUtils__/inMemoryMetrics';
import { TestStore } from '../__testUtils__/testStore';
import { IngestStore } from '../database';
import { OVERFLOW_GROUP_TITLE } from '../database/operations/ingest/overflowGroup';
import { createPeriskopMetrics, ERROR_OCCURRENCES_METRIC } from '../metrics';
import { applyReadPayload } from './applyReadPayload';

// `periskop_error_occurrences` counts what the store committed: the
// fixture sequence of the Go client (12, +4, +1, a restart +2) with
// Periskop's labels, each committed delta once (a repeated payload, two
// replicas applying the same payload at once, a failed store and the
// retried attempts of one apply count nothing more).

jest.setTimeout(60_000);

const databases = createTestDatabases();

const ENTITY_REF = 'component:default/shop';
const URL_A = 'http://10.0.0.1:8080/-/exceptions';
const URL_B = 'http://10.0.0.2:8080/-/exceptions';
const SETTINGS = {
  schedule: { frequency: { seconds: 30 }, timeout: { minutes: 2 } },
  scrapeIntervalSeconds: 30,
};

function read(body: string) {
  const result = readPeriskopPayload(body, { maxKeys: 10_000 });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** The occurrence series as `label=value` strings → value, for readable expectations. */
async function occurrences(metrics: InMemoryMetrics) {
  const series = await metrics.series(ERROR_OCCURRENCES_METRIC);
  return Object.fromEntries(
    series.map(s => [
      Object.entries(s.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      s.value,
    ]),
  );
}

function setup(store: IngestStore, options: { targetLabel?: boolean } = {}) {
  const metrics = new InMemoryMetrics();
  const periskopMetrics = createPeriskopMetrics(metrics.service, {
    ...SETTINGS,
    metrics: { targetLabel: options.targetLabel ?? false },
  });
  const apply = (body: string, now: number, url = URL_A) => {
    const payload = read(body);
    return applyReadPayload(
      {
        store,
        redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
        metrics: periskopMetrics,
      },
      {
        entityRef: ENTITY_REF,
        serviceName: 'shop-api',
        instanceKey: payload.targetUuid ?? url,
        url,
        now,
        read: payload,
      },
    );
  };
  return { metrics, apply };
}

describe('periskop_error_occurrences', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let store: TestStore;
    beforeEach(async () => {
      ({ store } = await createStoreOn(databases, databaseId));
    });

    it('counts the Go fixture sequence exactly, with Periskop labels', async () => {
      const { metrics, apply } = setup(store);
      const first = await apply(readClientFixture('go/01-initial.json'), T0);
      expect(first.applied.groupDeltas).toHaveLength(6);
      const labels = (key: string, severity = 'error') =>
        `aggregation_key=${key},entity_ref=${ENTITY_REF},service_name=shop-api,severity=${severity}`;
      expect(await occurrences(metrics)).toEqual({
        [labels('*json.SyntaxError@e05c331d')]: 12,
        [labels('*errors.errorString@93fdfbea', 'warning')]: 3,
        [labels('*errors.errorString@74d0c293', 'info')]: 1,
        [labels('*errors.errorString@29ef46ad')]: 2,
        [labels('*errors.errorString@398ace69')]: 1,
        [labels('payments/provider rejected #1')]: 1,
      });

      await apply(readClientFixture('go/02-after-5-more.json'), T0 + MINUTE);
      // the same payload again (another scrape, a retried scrape): nothing
      const again = await apply(
        readClientFixture('go/02-after-5-more.json'),
        T0 + 2 * MINUTE,
      );
      expect(again.applied.groupDeltas).toEqual([]);
      let now = await occurrences(metrics);
      expect(now[labels('*json.SyntaxError@e05c331d')]).toBe(16);
      expect(now[labels('*errors.errorString@29ef46ad')]).toBe(3);

      // restarted: a new target_uuid at 2 adds 2
      await apply(
        readClientFixture('go/03-after-restart-2-more.json'),
        T0 + 3 * MINUTE,
      );
      now = await occurrences(metrics);
      expect(now[labels('*json.SyntaxError@e05c331d')]).toBe(18);

      // the metric equals the stored lifetime totals, group by group
      const groups = await store.listErrorGroups(ENTITY_REF);
      expect(
        Object.fromEntries(
          groups.map(g => [labels(g.aggregationKey, g.severity), g.totalCount]),
        ),
      ).toEqual(now);

      // exported under Periskop's name: a sum that is not monotonic is
      // never given `_total` by Prometheus exporters
      expect(await metrics.descriptor(ERROR_OCCURRENCES_METRIC)).toMatchObject({
        name: 'periskop_error_occurrences',
        description:
          'Number of occurrences per service, error type and severity.',
        unit: '',
        isMonotonic: false,
      });
    });

    it('counts a payload that two replicas apply at once once', async () => {
      const { metrics, apply } = setup(store);
      const body = readClientFixture('go/01-initial.json');
      const results = await Promise.all([apply(body, T0), apply(body, T0)]);
      expect(
        results.map(r => r.applied.newOccurrences).sort((a, b) => a - b),
      ).toEqual([0, 20]);
      const total = Object.values(await occurrences(metrics)).reduce(
        (sum, v) => sum + v,
        0,
      );
      expect(total).toBe(20);
    });

    it('counts only the attempt that committed, and nothing when the store fails', async () => {
      // the first apply of an instance runs its compute three times (the
      // instance row, then its groups are created in between); a store
      // that fails after computing counts nothing
      let computes = 0;
      let fail = true;
      const counting: IngestStore = {
        ...store,
        applyInstanceScrape: async scrape => {
          const result = await store.applyInstanceScrape({
            ...scrape,
            compute: state => {
              computes += 1;
              return scrape.compute(state);
            },
          });
          if (fail) throw new Error('connection lost during COMMIT');
          return result;
        },
      };
      const { metrics, apply } = setup(counting);
      const body = readClientFixture('go/01-initial.json');
      await expect(apply(body, T0)).rejects.toThrow('connection lost');
      expect(await occurrences(metrics)).toEqual({});

      // the retried scrape finds the counters stored: nothing to count
      fail = false;
      computes = 0;
      const retried = await apply(body, T0 + MINUTE);
      expect(retried.applied.newOccurrences).toBe(0);
      expect(await occurrences(metrics)).toEqual({});

      // a key new to the entity: an attempt that finds its group missing,
      // creates it and runs again; one count
      const { metrics: fresh, apply: applyFresh } = setup(counting);
      computes = 0;
      const newKey: WirePayload = {
        target_uuid: '6f1c2a52-0000-4000-8000-000000000002',
        aggregated_errors: [
          {
            aggregation_key: 'Error@new',
            total_count: 2,
            severity: 'error',
            latest_errors: [],
          },
        ],
      };
      await applyFresh(JSON.stringify(newKey), T0 + 2 * MINUTE, URL_B);
      expect(computes).toBe(2);
      expect(Object.values(await occurrences(fresh))).toEqual([2]);
    });

    it('adds the scraped URL as `target` only when configured', async () => {
      const { metrics, apply } = setup(store, { targetLabel: true });
      await apply(readClientFixture('go/01-initial.json'), T0);
      await apply(
        readClientFixture('go/03-after-restart-2-more.json'),
        T0 + MINUTE,
        URL_B,
      );
      const series = (await metrics.series(ERROR_OCCURRENCES_METRIC)).filter(
        s => s.labels.aggregation_key === '*json.SyntaxError@e05c331d',
      );
      expect(series).toEqual(
        expect.arrayContaining([
          { labels: expect.objectContaining({ target: URL_A }), value: 12 },
          { labels: expect.objectContaining({ target: URL_B }), value: 2 },
        ]),
      );
      expect(series).toHaveLength(2);
    });
  });

  it('counts keys past the group cap under the overflow group, one series', async () => {
    const [databaseId] = databases.eachSupportedId()[0];
    const { store } = await createStoreOn(databases, databaseId, {
      limits: { groupsPerEntity: 2, newGroupsPerTargetPerCycle: 100 },
    });
    const { metrics, apply } = setup(store);
    const payload = (counts: number[]): WirePayload => ({
      target_uuid: '6f1c2a52-0000-4000-8000-000000000001',
      aggregated_errors: counts.map((count, i) => ({
        aggregation_key: `Error@user-${i}`,
        total_count: count,
        severity: 'error',
        latest_errors: [],
      })),
    });
    await apply(JSON.stringify(payload([5, 4, 3, 2, 1])), T0);
    const series = await occurrences(metrics);
    expect(Object.values(series).reduce((a, b) => a + b, 0)).toBe(15);
    expect(Object.keys(series)).toHaveLength(3);
    expect(
      series[
        `aggregation_key=${OVERFLOW_GROUP_TITLE},entity_ref=${ENTITY_REF},service_name=shop-api,severity=error`
      ],
    ).toBe(6);
  });
});
