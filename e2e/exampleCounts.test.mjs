/*
 * End-to-end: the example app scrapes the demo services, and the counts it
 * stores match what the services report (issue: restart-safe, exact counts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startExampleApp } from './exampleApp.mjs';

const require = createRequire(import.meta.url);
const { checkExampleCounts } = require('../scripts/exampleCounts.js');
const Database = require('better-sqlite3');

describe('stored counts of the example app', () => {
  let app;

  before(async () => {
    app = await startExampleApp();
  });

  after(async () => {
    await app?.stop();
  });

  it('stores exactly what the demo services report', async () => {
    // wait until every demo instance has been scraped successfully once
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const db = new Database(app.periskopDatabase, {
          readonly: true,
          fileMustExist: true,
        });
        const { up } = db
          .prepare('SELECT COUNT(*) AS up FROM targets WHERE up = 1')
          .get();
        db.close();
        if (up >= 7) break;
      } catch {
        // the database file or table is not there yet
      }
      if (Date.now() > deadline) assert.fail('the demo targets never came up');
      await new Promise(r => setTimeout(r, 1000));
    }

    const { checked, problems } = await checkExampleCounts({
      dbFile: app.periskopDatabase,
    });
    assert.deepEqual(problems, []);
    assert.ok(checked > 10, `only ${checked} keys checked`);

    // the instance nobody listens on is reported down, with the reason
    const db = new Database(app.periskopDatabase, { readonly: true });
    const down = db
      .prepare('SELECT url, last_error FROM targets WHERE up = 0')
      .all();
    db.close();
    assert.deepEqual(
      down.map(t => t.url),
      ['http://127.0.0.1:9113/-/exceptions'],
    );
    assert.match(down[0].last_error, /connection refused/);
  });
});
