import fs from 'node:fs';
import path from 'node:path';
import {
  markdownTable,
  mb,
  ms,
  percent,
  ratio,
  seconds,
  Table,
  textTable,
} from './format';
import {
  describeEstimate,
  estimateTable,
  replicaCycleTable,
  replicaTable,
} from './replicaTables';
import type { BenchResults } from './results';
import { describeRows } from './rows';

function scrapeTable(results: BenchResults): Table {
  const header = [
    'database',
    'scenario',
    'reordering',
    'unchanged',
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
      '–',
      '–',
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
        percent(s.reordering),
        `${s.cycle.unchanged}/${s.cycle.targets}`,
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

/** Megabytes with one decimal (sample tables of small runs are a few MB). */
function mb1(bytes: number | undefined): string {
  return bytes === undefined ? '–' : (bytes / 1024 / 1024).toFixed(1);
}

function storageTable(results: BenchResults): Table {
  const header = [
    'database',
    'measured',
    'samples',
    'samples MB',
    'sample_contents MB',
    'bytes / sample',
    'how',
  ];
  const rows: string[][] = [];
  for (const run of results.scrape) {
    for (const [when, storage] of [
      ['after the first cycle', run.sampleStorage.afterFirst],
      ['at the end', run.sampleStorage.atEnd],
    ] as const) {
      rows.push([
        run.kind,
        when,
        String(storage.samples),
        mb1(storage.tables.samples),
        'sample_contents' in storage.tables
          ? mb1(storage.tables.sample_contents)
          : 'no table',
        storage.bytesPerSample === undefined
          ? storage.unavailable ?? '–'
          : storage.bytesPerSample.toFixed(0),
        storage.method,
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
    ).toFixed(0)} KiB on average, ${percent(
      results.fleet.reordering,
    )} of the instances reordering their keys on every request (steady: none; steady, reordering: all); fleet processes at the end: ${mb(
      results.fleet.rssBytes,
    )} MB RSS, ${mb(results.fleet.cachedBytes)} MB of kept payloads`,
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

/** A titled part of the report: a table, with a sentence above it if any. */
interface Section {
  title: string;
  intro?: string;
  table: Table;
}

/** The report's tables, in order; parts a run did not measure are left out. */
function sections(results: BenchResults): Section[] {
  const list: Section[] = [];
  if (results.scrape.length) {
    list.push({ title: 'Scrape cycles', table: scrapeTable(results) });
    list.push({
      title:
        'Sample storage (sample tables with their indexes / rows of samples)',
      table: storageTable(results),
    });
  }
  const replicas = results.replicas;
  if (replicas) {
    const intro = `${replicas.shards} backend replicas (child processes, periskop.shards = ${replicas.shards}, concurrency ${replicas.concurrencyPerReplica} each) on one database (${replicas.database}), one discovery pass (catalog read and target sync) per cycle on one of them, then each scraping its shard of the stored targets at the same time; one process = the same scenario above`;
    list.push({
      title: 'Replicas: cycles',
      intro,
      table: replicaCycleTable(replicas),
    });
    list.push({
      title: 'Replicas: each replica',
      table: replicaTable(replicas),
    });
  }
  if (results.estimate) {
    list.push({
      title: 'Estimate',
      intro: describeEstimate(results.estimate),
      table: estimateTable(results.estimate),
    });
  }
  if (results.queries.length) {
    list.push({
      title: 'Queries (in-process through the router, after warm-up)',
      table: queryTable(results),
    });
  }
  if (results.targets.length) {
    list.push({ title: 'Targets', table: targetTable(results) });
  }
  return list;
}

/** The console report: what was measured, the tables, the targets. */
export function formatText(results: BenchResults): string {
  const parts = [...describeRun(results), ''];
  for (const { title, intro, table } of sections(results)) {
    parts.push(title);
    if (intro) parts.push(intro);
    parts.push(textTable(table.header, table.rows), '');
  }
  return parts.join('\n');
}

/** The same report in Markdown, for docs/benchmarks.md. */
export function formatMarkdown(results: BenchResults): string {
  const parts = describeRun(results).map(line => `- ${line}`);
  parts.push('');
  for (const { title, intro, table } of sections(results)) {
    parts.push(`#### ${title}`, '');
    if (intro) parts.push(intro, '');
    parts.push(markdownTable(table.header, table.rows), '');
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
