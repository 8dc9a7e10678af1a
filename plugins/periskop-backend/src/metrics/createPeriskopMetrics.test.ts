import { InMemoryMetrics } from '../__testUtils__/inMemoryMetrics';
import { timedTask } from './timedTask';
import { createPeriskopMetrics } from './createPeriskopMetrics';

const SETTINGS = {
  schedule: { frequency: { seconds: 30 }, timeout: { minutes: 2 } },
  scrapeIntervalSeconds: 30,
  metrics: { targetLabel: false },
};

describe('createPeriskopMetrics', () => {
  let metrics: InMemoryMetrics;
  beforeEach(() => {
    metrics = new InMemoryMetrics();
  });
  afterEach(() => metrics.shutdown());

  it('times store calls by operation, failed ones included', async () => {
    const periskop = createPeriskopMetrics(metrics.service, SETTINGS);
    await expect(
      periskop.timeStore('list_scrape_states', async () => 'states'),
    ).resolves.toBe('states');
    await expect(
      periskop.timeStore('list_scrape_states', async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    await periskop.timeStore('sync_targets', async () => undefined);

    const series = await metrics.series('periskop_store_duration_seconds');
    expect(series).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          labels: { operation: 'list_scrape_states' },
          value: 2,
        }),
        expect.objectContaining({
          labels: { operation: 'sync_targets' },
          value: 1,
        }),
      ]),
    );
    expect(
      await metrics.descriptor('periskop_store_duration_seconds'),
    ).toMatchObject({ unit: 's' });
  });

  it('times every run of a task, failed ones included', async () => {
    const periskop = createPeriskopMetrics(metrics.service, SETTINGS);
    const timed = timedTask(periskop);
    const signal = new AbortController().signal;
    await timed('periskop-scrape', async () => {
      await new Promise(r => setTimeout(r, 20));
    })(signal);
    await expect(
      timed('periskop-scrape', async () => {
        throw new Error('catalog down');
      })(signal),
    ).rejects.toThrow('catalog down');

    const [series] = await metrics.series('periskop_cycle_duration_seconds');
    expect(series.labels).toEqual({ task: 'periskop-scrape' });
    expect(series.value).toBe(2);
    expect(series.sum).toBeGreaterThanOrEqual(0.015);
  });
});
