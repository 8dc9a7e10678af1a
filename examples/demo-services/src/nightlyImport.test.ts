import {
  ErrorCollector,
  ErrorExporter,
} from '@periskop-backstage/periskop-client';
import { parsePeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import { CSV_ROW_AGGREGATION_KEY } from './apps/nightlyImport';
import { createRandom } from './random';
import { nightlyImport } from './services';

interface WirePayload {
  aggregated_errors: Array<{
    aggregation_key: string;
    total_count: number;
    severity: string;
    latest_errors: Array<{
      error: { class: string; message: string; stacktrace: string[] };
      http_context: unknown;
    }>;
  }>;
}

/** Runs every phase of one run into a fresh collector, as the job does. */
function runOnce(run: number, seed = 'import-test') {
  const collector = new ErrorCollector();
  const afterPhase: WirePayload[] = [];
  const phases = nightlyImport.planRun({
    job: 'nightly-import',
    run,
    random: createRandom(`${seed}/nightly-import/run-${run}`),
    now: () => new Date('2025-06-01T02:00:00Z'),
    report: (error, options) => collector.report(error, options),
  });
  for (const phase of phases) {
    phase();
    const body = new ErrorExporter(collector).export();
    expect(parsePeriskopPayload(body).ok).toBe(true);
    afterPhase.push(JSON.parse(body));
  }
  return afterPhase;
}

describe('nightly-import', () => {
  it('is a job that pushes: every 20 s, two phases, owned by team-content', () => {
    expect(nightlyImport).toMatchObject({
      name: 'nightly-import',
      serviceName: 'nightly-import',
      owner: 'team-content',
      everyMs: 20_000,
    });
    expect(nightlyImport.phaseGapMs).toBeLessThan(nightlyImport.everyMs);
    expect(runOnce(1)).toHaveLength(2);
  });

  it('reports rejected rows, supplier timeouts and skipped duplicates, a few per run', () => {
    const runs = Array.from({ length: 30 }, (_, i) => runOnce(i + 1));
    const finals = runs.map(phases => phases[phases.length - 1]);
    const perRun = finals.map(p =>
      p.aggregated_errors.reduce((sum, a) => sum + a.total_count, 0),
    );
    expect(Math.min(...perRun)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perRun)).toBeLessThanOrEqual(15);

    const aggregates = finals.flatMap(p => p.aggregated_errors);
    const classOf = (a: WirePayload['aggregated_errors'][number]) =>
      a.latest_errors[0].error.class;
    const runsWith = (errorClass: string) =>
      finals.filter(p =>
        p.aggregated_errors.some(a => classOf(a) === errorClass),
      ).length;
    // rejected rows every run; timeouts and duplicates only in some
    expect(runsWith('CsvRowError')).toBe(30);
    expect(runsWith('UpstreamTimeoutError')).toBeGreaterThanOrEqual(3);
    expect(runsWith('UpstreamTimeoutError')).toBeLessThan(25);
    expect(runsWith('DuplicateRowSkipped')).toBeGreaterThanOrEqual(5);
    expect(runsWith('DuplicateRowSkipped')).toBeLessThan(30);

    expect(new Set(aggregates.map(a => `${classOf(a)}/${a.severity}`))).toEqual(
      new Set(nightlyImport.errors.map(e => `${e.errorClass}/${e.severity}`)),
    );
    // a batch job serves no request: no HTTP context
    expect(
      aggregates
        .flatMap(a => a.latest_errors)
        .every(e => e.http_context === null),
    ).toBe(true);
  });

  it('groups rejected rows under one custom key although each message names its row', () => {
    const finals = Array.from({ length: 10 }, (_, i) => runOnce(i + 1)[1]);
    const csv = finals.flatMap(p =>
      p.aggregated_errors.filter(
        a => a.latest_errors[0].error.class === 'CsvRowError',
      ),
    );
    expect(new Set(csv.map(a => a.aggregation_key))).toEqual(
      new Set([CSV_ROW_AGGREGATION_KEY]),
    );
    const messages = csv.flatMap(a =>
      a.latest_errors.map(e => e.error.message),
    );
    for (const message of messages) {
      expect(message).toMatch(
        /^(acme-tools|nordwind-textiles|globex-garden)\/products-2025-06-01\.csv row \d+: /,
      );
    }
    expect(new Set(messages).size).toBeGreaterThan(5);
    // two checks, two throw sites; one group all the same
    const frames = csv.flatMap(a =>
      a.latest_errors.map(e => e.error.stacktrace[0]),
    );
    expect(frames.every(f => f.includes('parseProductRow'))).toBe(true);
    expect(new Set(frames).size).toBe(2);
    expect(messages.some(m => m.includes('columns'))).toBe(true);
    expect(messages.some(m => m.includes('column "price"'))).toBe(true);
  });

  it('counts on from the progress push in the final one', () => {
    for (let run = 1; run <= 10; run++) {
      const [progress, final] = runOnce(run);
      for (const aggregate of progress.aggregated_errors) {
        const later = final.aggregated_errors.find(
          a => a.aggregation_key === aggregate.aggregation_key,
        )!;
        expect(later.total_count).toBeGreaterThanOrEqual(aggregate.total_count);
      }
    }
  });

  it('is reproducible with a seed', () => {
    const messages = (seed: string) =>
      runOnce(7, seed)[1].aggregated_errors.flatMap(a =>
        a.latest_errors.map(e => e.error.message),
      );
    expect(messages('a')).toEqual(messages('a'));
    expect(messages('a')).not.toEqual(messages('b'));
  });
});
