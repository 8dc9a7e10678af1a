import { ErrorExporter } from '@periskop-backstage/periskop-client';
import { DemoInstance } from './instance';
import { apiAuth, apiFeeds, demoServices, payments } from './services';
import type { DemoServiceDefinition } from './types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** An instance whose workload runs on Jest's fake clock (no server started). */
function createInstance(
  definition: DemoServiceDefinition,
  options: { seed?: string; index?: number; speed?: number } = {},
): DemoInstance {
  return new DemoInstance({
    definition,
    index: options.index ?? 1,
    host: '127.0.0.1',
    port: 0,
    speed: options.speed ?? 1,
    seed: options.seed ?? 'workload-test',
    clock: () => Date.now(),
    onWorkloadError: error => {
      throw error;
    },
  });
}

function count(instance: DemoInstance, scenarioId: string): number {
  return instance.reportCounts[scenarioId];
}

function steadyTotal(instance: DemoInstance): number {
  return instance.definition.scenarios
    .filter(s => s.meanIntervalMs !== undefined)
    .reduce((sum, s) => sum + count(instance, s.id), 0);
}

describe('demo workloads', () => {
  const instances: DemoInstance[] = [];
  const start = (instance: DemoInstance) => {
    instances.push(instance);
    instance.startWorkload();
    return instance;
  };

  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map(i => i.stop()));
    jest.useRealTimers();
  });

  it('clears every timer on stop', async () => {
    const running = demoServices.map(definition =>
      start(createInstance(definition)),
    );
    jest.advanceTimersByTime(MINUTE);
    expect(jest.getTimerCount()).toBeGreaterThan(10);
    await Promise.all(running.map(i => i.stop()));
    expect(jest.getTimerCount()).toBe(0);
    const counts = running.map(i => ({ ...i.reportCounts }));
    jest.advanceTimersByTime(MINUTE);
    expect(running.map(i => i.reportCounts)).toEqual(counts);
  });

  it('reports every steady scenario within the first 10 seconds', () => {
    const running = demoServices.map(definition =>
      start(createInstance(definition)),
    );
    jest.advanceTimersByTime(10 * SECOND);
    const missing = running.flatMap(instance =>
      instance.definition.scenarios
        .filter(s => s.meanIntervalMs !== undefined)
        .filter(s => count(instance, s.id) === 0)
        .map(s => `${instance.id}/${s.id}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps the rates modest: a few errors per instance per 10 seconds', () => {
    const running = demoServices.map(definition =>
      start(createInstance(definition)),
    );
    jest.advanceTimersByTime(30 * MINUTE);
    for (const instance of running) {
      const per10s = steadyTotal(instance) / ((30 * MINUTE) / (10 * SECOND));
      expect(per10s).toBeGreaterThan(1);
      expect(per10s).toBeLessThan(8);
    }
  });

  it('stops the legacy-session error after five minutes while the others keep coming back', () => {
    const auth = start(createInstance(apiAuth));
    jest.advanceTimersByTime(5 * MINUTE);
    const legacyAtFiveMinutes = count(auth, 'legacy-session');
    expect(legacyAtFiveMinutes).toBeGreaterThan(10);

    jest.advanceTimersByTime(15 * MINUTE);
    const before = { ...auth.reportCounts };
    jest.advanceTimersByTime(10 * MINUTE);

    expect(count(auth, 'legacy-session')).toBe(legacyAtFiveMinutes);
    // All the others still recur: a resolved group comes back as a regression.
    const silent = apiAuth.scenarios
      .filter(s => count(auth, s.id) === before[s.id])
      .map(s => s.id);
    expect(silent).toEqual(['legacy-session']);
  });

  it('produces the cache stampede in bursts, on all instances at once', () => {
    const feeds1 = start(createInstance(apiFeeds, { index: 1 }));
    const feeds2 = start(createInstance(apiFeeds, { index: 2 }));

    // Sample once per second for six minutes.
    const timeline: Array<[number, number, number]> = [];
    for (let t = 1; t <= 360; t++) {
      jest.advanceTimersByTime(SECOND);
      timeline.push([
        t,
        count(feeds1, 'cache-stampede'),
        count(feeds2, 'cache-stampede'),
      ]);
    }

    for (const column of [1, 2]) {
      // Seconds in which the count went up, grouped into bursts.
      const bursts: Array<{ from: number; to: number; added: number }> = [];
      let previous = 0;
      for (const row of timeline) {
        const added = row[column] - previous;
        previous = row[column];
        if (added === 0) {
          continue;
        }
        const last = bursts[bursts.length - 1];
        if (last && row[0] - last.to <= 2) {
          last.to = row[0];
          last.added += added;
        } else {
          bursts.push({ from: row[0], to: row[0], added });
        }
      }
      // First burst after ~45 s, then every ~2 minutes: three in six minutes.
      expect(bursts).toHaveLength(3);
      expect(bursts[0].from).toBeGreaterThanOrEqual(35);
      expect(bursts[0].from).toBeLessThanOrEqual(56);
      for (const burst of bursts) {
        expect(burst.to - burst.from).toBeLessThanOrEqual(5); // within seconds
        expect(burst.added).toBeGreaterThanOrEqual(20); // dozens
        expect(burst.added).toBeLessThanOrEqual(45);
      }
      for (let i = 1; i < bursts.length; i++) {
        const gap = bursts[i].from - bursts[i - 1].from;
        expect(gap).toBeGreaterThanOrEqual(105);
        expect(gap).toBeLessThanOrEqual(135);
      }
    }

    // Both instances burst in the same seconds.
    const firstRise = (column: 1 | 2) =>
      timeline.find(row => row[column] > 0)![0];
    expect(Math.abs(firstRise(1) - firstRise(2))).toBeLessThanOrEqual(4);
  });

  it('reports through code paths with distinct throw sites', () => {
    const pay = start(createInstance(payments));
    jest.advanceTimersByTime(20 * MINUTE);
    const payload = JSON.parse(exportOf(pay));
    const validationKeys = payload.aggregated_errors
      .map((a: { aggregation_key: string }) => a.aggregation_key)
      .filter((key: string) => key.startsWith('ValidationError@'));
    // amount and currency are validated on different lines: two groups
    expect(validationKeys).toHaveLength(2);
    expect(
      payload.aggregated_errors.map(
        (a: { aggregation_key: string }) => a.aggregation_key,
      ),
    ).toContain('webhooks/acquirer signature mismatch #v1');
  });

  it('is reproducible with a seed and differs between seeds', () => {
    const messages = (instance: DemoInstance) =>
      (
        JSON.parse(exportOf(instance)).aggregated_errors as Array<{
          aggregation_key: string;
          total_count: number;
          latest_errors: Array<{ error: { message: string } }>;
        }>
      )
        .map(a => ({
          key: a.aggregation_key,
          count: a.total_count,
          messages: a.latest_errors.map(e => e.error.message),
        }))
        .sort((a, b) => a.key.localeCompare(b.key));

    const a = start(createInstance(payments, { seed: 'same' }));
    const b = start(createInstance(payments, { seed: 'same' }));
    const c = start(createInstance(payments, { seed: 'other' }));
    jest.advanceTimersByTime(5 * MINUTE);

    expect(a.reportCounts).toEqual(b.reportCounts);
    expect(messages(a)).toEqual(messages(b));
    expect(messages(a)).not.toEqual(messages(c));
    expect(a.targetUuid).not.toBe(b.targetUuid);
  });

  it('runs a time lapse with the speed factor', () => {
    const fast = start(createInstance(apiAuth, { speed: 60 }));
    jest.advanceTimersByTime(10 * SECOND); // ten minutes of demo time
    expect(count(fast, 'legacy-session')).toBeGreaterThan(10);
    const legacy = count(fast, 'legacy-session');
    const tokens = count(fast, 'token-expired');
    jest.advanceTimersByTime(10 * SECOND);
    expect(count(fast, 'legacy-session')).toBe(legacy);
    expect(count(fast, 'token-expired')).toBeGreaterThan(tokens);
  });
});

/** What the instance's /-/exceptions endpoint would serve right now. */
function exportOf(instance: DemoInstance): string {
  return new ErrorExporter(instance.collector).export();
}
