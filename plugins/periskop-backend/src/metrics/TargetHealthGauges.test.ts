import { InMemoryMetrics } from '../__testUtils__/inMemoryMetrics';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import { TargetScrapeResult } from '../scrape/TargetScraper';
import { TargetHealthGauges } from './TargetHealthGauges';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function target(entityRef: string, url: string, serviceName?: string) {
  const t: ScrapeTarget = {
    id: targetId(entityRef, url),
    entityRef,
    url,
    source: url,
  };
  return serviceName ? { ...t, serviceName } : t;
}

function up(
  t: ScrapeTarget,
  scrapedAt: number,
  extra: { durationMs?: number; payloadBytes?: number } = {},
): TargetScrapeResult {
  return {
    health: {
      targetId: t.id,
      up: true,
      scrapedAt,
      instanceKey: 'uuid',
      error: null,
      durationMs: extra.durationMs ?? 12,
      payloadBytes: extra.payloadBytes ?? 2048,
      errorKeys: 3,
      warnings: 0,
      firstWarning: null,
    },
    newOccurrences: 0,
    groupsChanged: 0,
  };
}

function down(
  t: ScrapeTarget,
  scrapedAt: number,
  durationMs: number | null = null,
): TargetScrapeResult {
  return {
    health: {
      targetId: t.id,
      up: false,
      scrapedAt,
      instanceKey: null,
      error: 'connection refused',
      durationMs,
      payloadBytes: null,
      errorKeys: null,
      warnings: 0,
      firstWarning: null,
    },
    newOccurrences: 0,
    groupsChanged: 0,
  };
}

/** One gauge as `target → value`. */
async function gauge(metrics: InMemoryMetrics, name: string) {
  const series = await metrics.series(name);
  return Object.fromEntries(series.map(s => [s.labels.target, s.value]));
}

const A = target('component:default/shop', 'http://10.0.0.1:8080/-/exceptions');
const B = target('component:default/shop', 'http://10.0.0.2:8080/-/exceptions');
const C = target(
  'component:default/auth',
  'http://10.0.0.3:8080/-/exceptions',
  'api-auth',
);

describe('TargetHealthGauges', () => {
  let now: number;
  let metrics: InMemoryMetrics;
  let gauges: TargetHealthGauges;

  beforeEach(() => {
    now = T0;
    metrics = new InMemoryMetrics();
    gauges = new TargetHealthGauges(metrics.service, {
      staleAfterMs: 10 * 60_000,
      now: () => now,
    });
  });

  afterEach(() => metrics.shutdown());

  it('reports the last scrape of every target with its labels', async () => {
    gauges.record('1/1', [
      { target: A, result: up(A, T0, { durationMs: 250, payloadBytes: 900 }) },
      { target: B, result: down(B, T0, 3) },
      { target: C, result: up(C, T0) },
    ]);

    expect(await metrics.series('periskop_target_up')).toEqual(
      expect.arrayContaining([
        {
          labels: {
            service_name: 'shop',
            entity_ref: 'component:default/shop',
            target: A.url,
          },
          value: 1,
        },
        {
          labels: {
            service_name: 'shop',
            entity_ref: 'component:default/shop',
            target: B.url,
          },
          value: 0,
        },
        {
          labels: {
            service_name: 'api-auth',
            entity_ref: 'component:default/auth',
            target: C.url,
          },
          value: 1,
        },
      ]),
    );
    expect(await gauge(metrics, 'periskop_scrape_duration_seconds')).toEqual({
      [A.url]: 0.25,
      [B.url]: 0.003,
      [C.url]: 0.012,
    });
    // a failed scrape has no payload and no success yet: no series
    expect(await gauge(metrics, 'periskop_scrape_payload_bytes')).toEqual({
      [A.url]: 900,
      [C.url]: 2048,
    });
    expect(
      await gauge(metrics, 'periskop_target_last_success_timestamp_seconds'),
    ).toEqual({ [A.url]: T0 / 1000, [C.url]: T0 / 1000 });
  });

  it('keeps the last success through failures and an aborted cycle', async () => {
    gauges.record('1/1', [{ target: A, result: up(A, T0) }]);
    now = T0 + 30_000;
    gauges.record('1/1', [{ target: A, result: down(A, now) }]);
    expect(await gauge(metrics, 'periskop_target_up')).toEqual({ [A.url]: 0 });
    expect(
      await gauge(metrics, 'periskop_target_last_success_timestamp_seconds'),
    ).toEqual({ [A.url]: T0 / 1000 });

    // not reached by an aborted cycle: the values stay
    now = T0 + 60_000;
    gauges.record('1/1', [
      { target: A, result: undefined },
      { target: B, result: { ...up(B, now), aborted: true } },
    ]);
    expect(await gauge(metrics, 'periskop_target_up')).toEqual({ [A.url]: 0 });
  });

  it('forgets targets that left discovery, per scope, and stale ones', async () => {
    gauges.record('1/2', [
      { target: A, result: up(A, T0) },
      { target: B, result: up(B, T0) },
    ]);
    gauges.record('2/2', [{ target: C, result: up(C, T0) }]);
    expect(gauges.size).toBe(3);

    // the next cycle of shard 1 no longer has B; shard 2 is not touched
    now = T0 + 30_000;
    gauges.record('1/2', [{ target: A, result: up(A, now) }]);
    expect(
      Object.keys(await gauge(metrics, 'periskop_target_up')).sort(),
    ).toEqual([A.url, C.url]);

    // shard 2 runs on another replica from now on: its series go stale here
    now = T0 + 10 * 60_000 + 1;
    gauges.record('1/2', [{ target: A, result: up(A, now) }]);
    expect(Object.keys(await gauge(metrics, 'periskop_target_up'))).toEqual([
      A.url,
    ]);
    expect(gauges.size).toBe(1);
  });
});
