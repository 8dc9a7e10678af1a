import fs from 'node:fs';
import path from 'node:path';
import { markdownTable, mb, ms, ratio, seconds, textTable } from './format';
import type { BenchResults } from './results';
import { describeRows } from './rows';

type Table = { header: string[]; rows: string[][] };

function scrapeTable(results: BenchResults): Table {
  const header = [
    'database',
    'scenario',
    'wall s',
    'x floor',
    'CPU s',
    'x floor',
    'DB server CPU s',
    'peak RSS MB',
    'statements',
    'rows (+ins ~upd -del)',
  ];
  const rows: string[][] = [];
  for (const run of results.scrape) {
    rows.push([
      run.kind,
      'floor: fetch + JSON.parse',
      seconds(run.floor.wallMs),
      '1.00x',
      seconds(run.floor.cpuMs),
      '1.00x',
      '–',
      mb(run.floor.peakRssBytes),
      '–',
      '–',
    ]);
    for (const s of run.scenarios) {
      rows.push([
        run.kind,
        s.label,
        seconds(s.cost.wallMs),
        ratio(s.ratio.wall),
        seconds(s.cost.cpuMs),
        ratio(s.ratio.cpu),
        seconds(s.serverCpuMs),
        mb(s.cost.peakRssBytes),
        String(s.rows.statements),
        describeRows(s.rows),
      ]);
    }
  }
  return { header, rows };
}

function queryTable(results: BenchResults): Table {
  const header = ['database', 'query', 'p50 ms', 'p95 ms', 'max ms', 'answer'];
  const rows: string[][] = [];
  for (const run of results.queries) {
    for (const r of run.results) {
      rows.push([
        run.kind,
        r.label,
        ms(r.latency.p50),
        ms(r.latency.p95),
        ms(r.latency.max),
        r.answer,
      ]);
    }
  }
  return { header, rows };
}

function targetTable(results: BenchResults): Table {
  return {
    header: ['target', 'database', 'measured', 'limit', 'met'],
    rows: results.targets.map(t => [
      t.description,
      t.database ?? '',
      t.measured,
      t.limit,
      t.met ? 'yes' : 'NO',
    ]),
  };
}

function describeRun(results: BenchResults): string[] {
  const m = results.machine;
  return [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${
      m.platform
    }, Node ${m.node}, open files limit ${m.openFilesLimit ?? '?'}`,
    `Load average (1/5/15 min): ${m.loadAtStart.join(
      ' / ',
    )} at the start, ${m.loadAtEnd.join(' / ')} at the end`,
    `Fleet: ${
      results.fleet.instances
    } instances (distinct origins on 127.0.0.1, ${
      results.fleet.processes
    } child process(es)) of ${results.fleet.entities} entities, ${
      results.fleet.keysPerInstance
    } keys x ${results.fleet.samplesPerKey} samples, payloads ${(
      results.fleet.averagePayloadBytes / 1024
    ).toFixed(0)} KiB on average`,
    `Databases: ${[
      ...new Set(
        [...results.scrape, ...results.queries].map(r =>
          r.database.replace(/, (file|database) .*$/, ''),
        ),
      ),
    ].join('; ')}`,
    `Started ${results.startedAt}, took ${(
      results.durationSeconds / 60
    ).toFixed(1)} min`,
  ];
}

/** The console report: what was measured, the tables, the targets. */
export function formatText(results: BenchResults): string {
  const parts = [...describeRun(results), ''];
  if (results.scrape.length) {
    const t = scrapeTable(results);
    parts.push('Scrape cycles', textTable(t.header, t.rows), '');
  }
  if (results.queries.length) {
    const t = queryTable(results);
    parts.push(
      'Queries (in-process through the router, after warm-up)',
      textTable(t.header, t.rows),
      '',
    );
  }
  if (results.targets.length) {
    const t = targetTable(results);
    parts.push('Targets', textTable(t.header, t.rows), '');
  }
  return parts.join('\n');
}

/** The same report in Markdown, for docs/benchmarks.md. */
export function formatMarkdown(results: BenchResults): string {
  const parts = describeRun(results).map(line => `- ${line}`);
  parts.push('');
  if (results.scrape.length) {
    const t = scrapeTable(results);
    parts.push('#### Scrape cycles', '', markdownTable(t.header, t.rows), '');
  }
  if (results.queries.length) {
    const t = queryTable(results);
    parts.push('#### Queries', '', markdownTable(t.header, t.rows), '');
  }
  if (results.targets.length) {
    const t = targetTable(results);
    parts.push('#### Targets', '', markdownTable(t.header, t.rows), '');
  }
  return parts.join('\n');
}

/** Writes the JSON with every figure, and the Markdown report next to it. */
export function writeResults(
  results: BenchResults,
  file: string,
): { json: string; markdown: string } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = `${file.replace(/\.json$/, '')}.md`;
  fs.writeFileSync(markdown, `${formatMarkdown(results)}\n`);
  return { json: file, markdown };
}
