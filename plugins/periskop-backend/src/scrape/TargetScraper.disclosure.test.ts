import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { createTestDatabases } from '../__testUtils__/databases';
import { createStoreOn, T0 } from '../__testUtils__/errorStore';
import { PayloadRoute, PayloadServer } from '../__testUtils__/payloadServer';
import { targetId } from '../discovery/targetId';
import { ScrapeTarget } from '../discovery/types';
import {
  INTERNAL_ERROR_REASON,
  STORAGE_ERROR_REASON,
  TargetScraper,
} from './TargetScraper';
import { UndiciTargetFetcher } from './UndiciTargetFetcher';

// Whoever may edit an annotation can point a target at any URL and read the
// target's health on the Errors tab: what a server answered must never show
// up there, nor what the database said.

jest.setTimeout(60_000);

const databases = createTestDatabases();
// what is tested is the scraper, not the database: one is enough
const [[databaseId]] = databases.eachSupportedId();

const ENTITY_REF = 'component:default/curious';
const SECRET = 's3cr3t-value';
const SECRET_JSON = `{"secret":"${SECRET}"}`;

let server: PayloadServer;
let fetcher: UndiciTargetFetcher;

beforeAll(async () => {
  server = await PayloadServer.start();
  fetcher = new UndiciTargetFetcher({
    timeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    concurrency: 4,
  });
});

afterAll(async () => {
  await fetcher.close();
  await server.stop();
});

function targetAt(path: string): ScrapeTarget {
  const url = server.url(path);
  return {
    id: targetId(ENTITY_REF, url),
    entityRef: ENTITY_REF,
    url,
    source: url,
  };
}

/** Scrapes `route` once as the pool does and returns the stored health. */
async function healthAfterScraping(path: string, route: PayloadRoute) {
  const { store } = await createStoreOn(databases, databaseId);
  server.set(path, route);
  const target = targetAt(path);
  await store.syncTargets([target]);
  const scraper = new TargetScraper({
    fetcher,
    store,
    logger: mockServices.logger.mock(),
    maxKeysPerTarget: 100,
    redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
    now: () => T0,
  });
  const result = await scraper.scrape(target);
  await store.recordTargetHealth([result.health]);
  const [stored] = await store.listTargets();
  return stored;
}

describe('TargetScraper tells what went wrong without echoing the response', () => {
  it.each<[string, PayloadRoute, string]>([
    [
      'an HTML error page',
      { status: 500, contentType: 'text/html', body: SECRET_JSON },
      'HTTP 500 Internal Server Error (text/html, 25 B)',
    ],
    [
      'a JSON error (which used to be quoted)',
      { status: 503, contentType: 'application/json', body: SECRET_JSON },
      'HTTP 503 Service Unavailable (application/json, 25 B)',
    ],
    [
      'a plain text error with a secret in its content type',
      {
        status: 401,
        contentType: `text/plain; token=${SECRET}`,
        body: SECRET,
      },
      'HTTP 401 Unauthorized (text/plain, 12 B)',
    ],
    [
      'a content type that is not one',
      { status: 500, contentType: SECRET, body: '' },
      'HTTP 500 Internal Server Error (an invalid content type, empty)',
    ],
    [
      'a redirect to a secret place',
      { status: 302, redirectTo: `http://127.0.0.1:1/${SECRET}` },
      'HTTP 302 Found: redirects are not followed',
    ],
    [
      'a 200 that is not JSON',
      { contentType: 'text/html', body: `<html>${SECRET}</html>` },
      'not a Periskop payload: response is not JSON (unexpected character, expected a value at line 1, column 1); response: text/html, 25 B',
    ],
    [
      'a 200 with broken JSON',
      { contentType: 'application/json', body: `{"secret":"${SECRET}" x` },
      "not a Periskop payload: response is not JSON (unexpected character, expected ',' or '}' at line 1, column 26); response: application/json, 26 B",
    ],
    [
      'a 200 with JSON that is not a payload',
      { contentType: 'application/json', body: SECRET_JSON },
      'not a Periskop payload: "aggregated_errors" is missing; response: application/json, 25 B',
    ],
  ])('for %s', async (_, route, expected) => {
    const health = await healthAfterScraping('/-/exceptions', route);
    expect(health).toMatchObject({ up: false, lastError: expected });
    expect(JSON.stringify(health)).not.toContain(SECRET);
  });

  it('names malformed items of a payload by path, not by their values', async () => {
    const health = await healthAfterScraping('/-/exceptions', {
      contentType: 'application/json',
      body: JSON.stringify({
        target_uuid: 42,
        aggregated_errors: [
          { aggregation_key: `Err@${SECRET}`, total_count: SECRET },
          { aggregation_key: 'Ok@1', total_count: 1, severity: SECRET },
          { aggregation_key: 'Ok@1', total_count: 2 },
        ],
      }),
    });
    expect(health).toMatchObject({
      lastError: null,
      up: true,
      warnings: 4,
      firstWarning:
        'target_uuid: target_uuid is a number, expected a string; ignored',
    });
    expect(JSON.stringify(health)).not.toContain(SECRET);
  });

  it('logs a storage failure in full and shows only "storage error"', async () => {
    const { knex, store } = await createStoreOn(databases, databaseId);
    server.set('/-/exceptions', {
      contentType: 'application/json',
      body: JSON.stringify({
        aggregated_errors: [{ aggregation_key: 'Err@1', total_count: 3 }],
      }),
    });
    const target = targetAt('/-/exceptions');
    await store.syncTargets([target]);
    // a real database failure, with the SQL and table names in its message
    await knex.schema.renameTable('error_groups', 'error_groups_gone');
    const logger = mockServices.logger.mock();
    const scraper = new TargetScraper({
      fetcher,
      store,
      logger,
      maxKeysPerTarget: 100,
      redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
      now: () => T0,
    });

    const result = await scraper.scrape(target);

    expect(result.health).toMatchObject({
      up: false,
      error: STORAGE_ERROR_REASON,
      errorKeys: 1,
    });
    expect(STORAGE_ERROR_REASON).toBe('storage error');
    expect(logger.error).toHaveBeenCalledWith(
      `Failed to store the scrape of ${target.url} (${ENTITY_REF})`,
      expect.objectContaining({
        message: expect.stringContaining('error_groups'),
      }),
    );
  });

  it('logs an unexpected exception in full and shows only "internal error"', async () => {
    const { store } = await createStoreOn(databases, databaseId);
    const logger = mockServices.logger.mock();
    const bug = new Error(`cannot handle ${SECRET}`);
    const scraper = new TargetScraper({
      // a bug of ours, which is what nothing real can be made to do
      fetcher: {
        fetch: async () => {
          throw bug;
        },
        close: async () => {},
      },
      store,
      logger,
      maxKeysPerTarget: 100,
      redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
      now: () => T0,
    });
    const target = targetAt('/-/exceptions');

    const result = await scraper.scrape(target);

    expect(result.health).toMatchObject({
      up: false,
      error: INTERNAL_ERROR_REASON,
    });
    expect(INTERNAL_ERROR_REASON).toBe('internal error');
    expect(logger.error).toHaveBeenCalledWith(
      `Failed to scrape ${target.url} (${ENTITY_REF})`,
      bug,
    );
  });
});
