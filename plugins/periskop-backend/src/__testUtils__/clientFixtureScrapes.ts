import {
  listClientFixtures,
  readClientFixture,
} from '@periskop-backstage/plugin-periskop-common/testUtils';
import { readPeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import {
  DEFAULT_REDACTION_SETTINGS,
  instanceKeyOf,
  Redaction,
} from '../aggregation';
import { IngestStore } from '../database';
import { serviceNameOf } from '../discovery/serviceNameOf';
import { applyReadPayload } from '../scrape/applyReadPayload';

/** When the real clients produced the fixtures (their samples are from 19:21:20 to 19:21:30). */
export const FIXTURES_RECORDED_AT = Date.parse('2026-11-21T19:21:30Z');

/**
 * Scrapes the numbered payloads of one fixture folder (`go`, `python`) in
 * order, as one target of `entityRef` that the scraper reads once a minute
 * from `start`, through the real ingest path (reader, redaction, exact
 * counting). Returns the time of the last scrape.
 */
export async function scrapeClientSequence(
  store: IngestStore,
  options: {
    entityRef: string;
    folder: string;
    serviceName?: string;
    start?: number;
  },
): Promise<number> {
  const files = listClientFixtures().filter(file =>
    file.startsWith(`${options.folder}/`),
  );
  if (files.length === 0) {
    throw new Error(`No client fixtures in ${options.folder}/`);
  }
  const start = options.start ?? FIXTURES_RECORDED_AT + 60_000;
  let now = start;
  for (const [index, file] of files.entries()) {
    now = start + index * 60_000;
    await scrapePayload(store, {
      ...options,
      body: readClientFixture(file),
      now,
    });
  }
  return now;
}

/**
 * Scrapes one payload body of the target of `folder` (its URL is
 * `http://127.0.0.1:1/<folder>/-/exceptions`) at `now`, as the scraper
 * applies it.
 */
export async function scrapePayload(
  store: IngestStore,
  options: {
    entityRef: string;
    folder: string;
    serviceName?: string;
    body: string;
    now: number;
  },
): Promise<void> {
  const url = `http://127.0.0.1:1/${options.folder}/-/exceptions`;
  const read = readPeriskopPayload(options.body);
  if (!read.ok) {
    throw new Error(`The payload does not read: ${read.reason}`);
  }
  await applyReadPayload(
    { store, redaction: new Redaction(DEFAULT_REDACTION_SETTINGS) },
    {
      entityRef: options.entityRef,
      serviceName: serviceNameOf(options),
      instanceKey: instanceKeyOf(read.targetUuid, url),
      url,
      now: options.now,
      read,
    },
  );
}

/** The parsed payloads of one fixture folder, in scrape order. */
export function clientSequence(folder: string): any[] {
  return listClientFixtures()
    .filter(file => file.startsWith(`${folder}/`))
    .map(file => JSON.parse(readClientFixture(file)));
}
