/*
 * Browser end-to-end: the Periskop catalog module in the real example app.
 *
 * The example catalog's `api-search` has a periskop.io/targets annotation
 * broken on purpose (a space where a comma belongs). An entity whose first
 * version is refused never reaches the catalog, so, as in real life, this
 * test lets the entity have an earlier version first: the app reads a copy
 * of examples/entities.yaml in which api-search has one valid entry and one
 * with a typo. That version is not blocked (its page renders, and the
 * Errors tab names the bad entry). Then the copy is replaced by the real
 * example file, as if someone pushed the broken annotation: the catalog
 * keeps the earlier version and its page shows the processing error.
 * The screenshots go to test-results/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APP_URL,
  launchChromium,
  screenshotPath,
  signInAsGuest,
  startExampleApp,
} from './exampleApp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTITY_PAGE = `${APP_URL}/catalog/default/component/api-search`;

// the annotation of api-search in examples/entities.yaml
const BROKEN =
  'http://127.0.0.1:9131/-/exceptions http://127.0.0.1:9132/-/exceptions';
// its earlier version: a valid entry, and one without the colon of http://
const EARLIER =
  'http://127.0.0.1:9131/-/exceptions, http//127.0.0.1:9132/-/exceptions';
const BAD_ENTRY =
  '"http//127.0.0.1:9132/-/exceptions" is not a supported target: use http(s)://, dns+a:// or dns+srv://';
const PROCESSING_ERROR = `periskop.io/targets has no valid target, so Periskop cannot scrape this entity: "${BROKEN}" contains whitespace: separate targets with commas`;

describe('Periskop annotations in the catalog of the example app', () => {
  const exampleEntities = fs.readFileSync(
    path.join(root, 'examples/entities.yaml'),
    'utf8',
  );
  const catalogDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'periskop-e2e-catalog-'),
  );
  const catalogFile = path.join(catalogDir, 'entities.yaml');
  let app;
  let browser;
  let page;

  before(async () => {
    assert.ok(
      exampleEntities.includes(`periskop.io/targets: ${BROKEN}\n`),
      'examples/entities.yaml no longer has the broken api-search annotation this test expects',
    );
    fs.writeFileSync(catalogFile, exampleEntities.replace(BROKEN, EARLIER));
    app = await startExampleApp({
      env: {
        // the same catalog, read from the copy; arrays from the environment
        // replace those of app-config.yaml
        APP_CONFIG_catalog_locations: JSON.stringify([
          { type: 'file', target: catalogFile },
          {
            type: 'file',
            target: path.join(root, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
        ]),
        // notice the changed file within seconds, not minutes
        APP_CONFIG_catalog_processingInterval: JSON.stringify({ seconds: 2 }),
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInAsGuest(page);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(catalogDir, { recursive: true, force: true });
  });

  /** Reloads the entity page until `locator` shows (the catalog works in the background). */
  async function reloadUntilVisible(locatorOf, what) {
    const deadline = Date.now() + 180_000;
    for (;;) {
      await page.goto(ENTITY_PAGE);
      try {
        await locatorOf().first().waitFor({ timeout: 15_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`${what} never showed: ${error.message}`);
        }
      }
    }
  }

  const errorsTab = () =>
    page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Errors', exact: true });

  it('does not block an entity with one bad entry beside a good one', async () => {
    await reloadUntilVisible(errorsTab, 'the page of api-search');
    await page.getByText('Search API').first().waitFor();
    // the catalog took this version: no processing error on its page
    assert.equal(await page.getByText(PROCESSING_ERROR).count(), 0);

    await errorsTab().click();
    await page.waitForURL(/\/catalog\/default\/component\/api-search\/errors/);
    const health = page.getByTestId('target-health');
    const warning = health.getByText('1 invalid annotation entry skipped');
    await warning.waitFor({ timeout: 60_000 });
    // the panel opens by itself once its target is found down (nothing
    // listens on it in the demo); open it unless it is open already
    const toggle = health.locator('#periskop-target-health-summary');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    const entries = health.getByRole('list', {
      name: 'invalid periskop.io/targets entries',
    });
    await entries.getByText(BAD_ENTRY, { exact: true }).waitFor();
    assert.equal(await entries.getByRole('listitem').count(), 1);
    // the valid entry is a target
    await health
      .getByRole('table', { name: 'Scrape targets' })
      .getByText('http://127.0.0.1:9131/-/exceptions')
      .first()
      .waitFor();
    await page.screenshot({
      path: screenshotPath('catalog-annotation-warning.png'),
      fullPage: false,
    });
  });

  it('shows the processing error on the page of an entity whose annotation broke', async () => {
    // someone pushes the broken annotation of the example catalog
    fs.writeFileSync(catalogFile, exampleEntities);

    await reloadUntilVisible(
      () => page.getByText(PROCESSING_ERROR),
      'the processing error of api-search',
    );
    await page.getByText('Search API').first().waitFor();
    await page.screenshot({
      path: screenshotPath('catalog-annotation-error.png'),
      fullPage: false,
    });

    // the catalog kept the earlier version, which Periskop still scrapes
    await errorsTab().click();
    await page
      .getByTestId('target-health')
      .getByText('1 invalid annotation entry skipped')
      .waitFor({ timeout: 60_000 });
  });
});
