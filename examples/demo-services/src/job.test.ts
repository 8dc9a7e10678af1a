import net from 'node:net';
import { parsePeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import {
  FakeBackend,
  startFakeBackend,
  waitFor,
} from './__testUtils__/fakeBackend';
import { DemoJob, DemoJobOptions } from './job';
import { nightlyImport } from './services';

interface WirePayload {
  target_uuid: string;
  aggregated_errors: Array<{ aggregation_key: string; total_count: number }>;
}

const PUSH_PATH =
  '/api/periskop/entities/default/component/nightly-import/push/errors';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function total(payload: WirePayload): number {
  return payload.aggregated_errors.reduce((sum, a) => sum + a.total_count, 0);
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('DemoJob', () => {
  let backend: FakeBackend;
  const jobs: DemoJob[] = [];
  let lines: string[];

  /** At speed 100: the first run after 50 ms, then one every 200 ms. */
  function startJob(options: Partial<DemoJobOptions> = {}): DemoJob {
    const job = new DemoJob({
      definition: nightlyImport,
      backendUrl: backend.url,
      token: 'test-token-1234',
      speed: 100,
      seed: 'job-test',
      minIntervalMs: 0,
      log: line => lines.push(line),
      onWorkloadError: error => {
        throw error;
      },
      ...options,
    });
    jobs.push(job);
    job.start();
    return job;
  }

  beforeEach(async () => {
    backend = await startFakeBackend();
    lines = [];
  });

  afterEach(async () => {
    await Promise.all(jobs.splice(0).map(job => job.stop()));
    await backend.close();
  });

  it('pushes every run, twice, with a new collector, to the token route with the token', async () => {
    const job = startJob();
    expect(job.pushUrl).toBe(
      `${backend.url}/api/periskop/entities/default/component/nightly-import/push`,
    );
    expect(job.intervalMs).toBe(200);
    await waitFor(() => backend.pushes.length >= 6);
    await job.stop();

    for (const push of backend.pushes) {
      expect(push.method).toBe('POST');
      expect(push.path).toBe(PUSH_PATH);
      expect(push.authorization).toBe('Bearer test-token-1234');
      expect(push.contentType).toBe('application/json');
      expect(parsePeriskopPayload(push.body)).toMatchObject({
        ok: true,
        warnings: [],
      });
    }

    const payloads: WirePayload[] = backend.pushes.map(p => JSON.parse(p.body));
    const uuids = payloads.map(p => p.target_uuid);
    // a progress push and a final push per run, from the same collector
    const runs = [uuids[0], uuids[2], uuids[4]];
    expect(uuids.slice(0, 6)).toEqual([
      runs[0],
      runs[0],
      runs[1],
      runs[1],
      runs[2],
      runs[2],
    ]);
    expect(new Set(runs).size).toBe(3);
    expect(job.runs.slice(0, 3).map(r => r.targetUuid)).toEqual(runs);
    for (const i of [0, 2, 4]) {
      // the final push counts on from the progress push, never back
      expect(total(payloads[i])).toBeGreaterThan(0);
      expect(total(payloads[i + 1])).toBeGreaterThanOrEqual(total(payloads[i]));
      for (const aggregate of payloads[i].aggregated_errors) {
        const later = payloads[i + 1].aggregated_errors.find(
          a => a.aggregation_key === aggregate.aggregation_key,
        );
        expect(later?.total_count).toBeGreaterThanOrEqual(
          aggregate.total_count,
        );
      }
    }
    // every run counts all of its own errors: nothing carries over
    expect(job.runs[0]).toMatchObject({
      run: 1,
      reported: total(payloads[1]),
      accepted: 2,
      failed: 0,
    });

    // the first accepted push is said once; the rest are silent
    expect(lines).toEqual([
      'nightly-import: push of run 1 accepted (' +
        `${total(
          payloads[0],
        )} errors so far); later pushes are silent until one fails`,
    ]);
  });

  it('pushes twice per run, a gap apart, and each run with a new collector', async () => {
    const job = startJob();
    await waitFor(() => backend.pushes.length >= 4);
    await job.stop();
    const [first, progressEnd, second] = [
      backend.pushes[0].at,
      backend.pushes[1].at,
      backend.pushes[2].at,
    ];
    // phaseGapMs 5 s at speed 100: 50 ms between the two pushes of a run
    // (a timer never fires early, so this holds on a busy machine). Which
    // push belongs to which run is told by the collector, not by the clock:
    // the time between runs also depends on how long a run's work took.
    expect(progressEnd - first).toBeGreaterThanOrEqual(40);
    expect(second).toBeGreaterThan(progressEnd);
    const uuids = backend.pushes
      .slice(0, 4)
      .map(p => JSON.parse(p.body).target_uuid);
    expect(uuids[1]).toBe(uuids[0]);
    expect(uuids[2]).not.toBe(uuids[0]);
    expect(uuids[3]).toBe(uuids[2]);
  });

  it('says each distinct failure once until a push succeeds again', async () => {
    const answers = [
      { status: 503, body: { error: { message: 'Service Unavailable' } } },
      { status: 503, body: { error: { message: 'Service Unavailable' } } },
      { status: 503, body: { error: { message: 'Service Unavailable' } } },
      {
        status: 404,
        body: {
          error: {
            name: 'NotFoundError',
            message: 'No entity component:default/nightly-import',
          },
        },
      },
      {
        status: 404,
        body: {
          error: { message: 'No entity component:default/nightly-import' },
        },
      },
      { status: 200, body: {} },
      { status: 503, body: {} },
    ];
    backend.answer = push =>
      answers[backend.pushes.indexOf(push)] ?? { status: 200, body: {} };
    const job = startJob();
    await waitFor(() => backend.pushes.length >= 9);
    await job.stop();

    expect(lines).toEqual([
      'nightly-import: push of run 1 failed: the backend answered HTTP 503: it is still starting ("Service Unavailable"); trying again at the next run',
      'nightly-import: push of run 2 failed: the backend answered HTTP 404: component:default/nightly-import is not in the catalog (yet), or has no periskop.io annotation ("No entity component:default/nightly-import"); trying again at the next run',
      expect.stringMatching(
        /^nightly-import: push of run 3 accepted \(\d+ errors so far\); pushes work again until one fails$/,
      ),
      'nightly-import: push of run 4 failed: the backend answered HTTP 503: it is still starting; trying again at the next run',
      expect.stringMatching(
        /^nightly-import: push of run 4 accepted .*pushes work again/,
      ),
    ]);
    expect(job.runs.slice(0, 4).map(r => [r.accepted, r.failed])).toEqual([
      [0, 2],
      [0, 2],
      [1, 1],
      [1, 1],
    ]);
  });

  it('says once that nothing listens, and keeps running', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const job = startJob({ backendUrl: url });
    await waitFor(() => job.runs.length >= 4 && job.runs[2].failed === 2);
    await job.stop();
    expect(lines).toEqual([
      `nightly-import: push of run 1 failed: nothing listens at ${url} (connection refused): is the backend up yet?; trying again at the next run`,
    ]);
  });

  it('gives up a push that takes too long, once per run', async () => {
    backend.answer = () => 'hang';
    const job = startJob({ pushTimeoutMs: 30 });
    await waitFor(() => job.runs.length >= 3);
    await job.stop();
    expect(lines).toEqual([
      'nightly-import: push of run 1 failed: the backend did not answer in time; trying again at the next run',
    ]);
  });

  it('stops at once, aborting an open push without calling it a failure', async () => {
    backend.answer = () => 'hang';
    const job = startJob();
    await waitFor(() => backend.pushes.length === 1);
    const started = Date.now();
    await job.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    const count = backend.pushes.length;
    await sleep(300);
    expect(backend.pushes.length).toBe(count);
    expect(lines).toEqual([]);
    await job.stop(); // idempotent
  });

  it('runs no more often than every minIntervalMs, whatever the speed', () => {
    const job = new DemoJob({
      definition: nightlyImport,
      backendUrl: backend.url,
      token: 'test-token-1234',
      speed: 60,
      seed: 'job-test',
    });
    // 20 s / 60 would be 333 ms: the default floor of 3 s keeps the two
    // pushes per run under the backend's 60 pushes per minute
    expect(job.intervalMs).toBe(3000);
    expect(
      new DemoJob({
        definition: nightlyImport,
        backendUrl: backend.url,
        token: 'test-token-1234',
        speed: 1,
        seed: 'job-test',
      }).intervalMs,
    ).toBe(20_000);
  });
});
