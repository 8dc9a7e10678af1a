/*
 * Browser end-to-end: the org-wide error search on the overview page of the
 * real example app, in Debian's Chromium. The demo services throw a
 * ValidationError in two services (api-feeds and payments); a search for
 * it lists both, each row naming its service, and a row opens the error in
 * its service's Errors tab. The screenshot goes to test-results/screenshots/
 * (`npm run screenshots` copies it into docs/screenshots/ for the README).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_URL,
  screenshotPath,
  useGuestInExampleApp,
} from './exampleApp.mjs';
import { expectNoViolationsOfOurs } from './axeAudit.mjs';

const SERVICES = ['api-feeds', 'payments'];

describe('the error search of the overview page in the example app', () => {
  const guest = useGuestInExampleApp();
  const page = () => guest.page;
  const table = () => page().getByRole('table', { name: 'Errors' });
  /** The link of a row's entity cell to a service's entity page. */
  const entityLink = service =>
    `a[href="/catalog/default/component/${service}"]`;
  const entityLinks = service => table().locator(entityLink(service));
  // After a filter changes, the table keeps the previous answer on screen
  // (marked aria-busy) until the new one arrives; assert on the new one.
  const settled = () =>
    page().waitForSelector('table[aria-label="Errors"][aria-busy="false"]', {
      timeout: 60_000,
    });

  it('finds the errors of one kind in every service', async () => {
    await page().goto(`${APP_URL}/periskop`);
    await page().getByRole('tab', { name: 'Search errors' }).click();
    await page().waitForURL(/\/periskop\?tab=errors$/);
    // every service's errors, once the first scrapes are stored (the list
    // refreshes itself at the scrape interval)
    await table().waitFor({ timeout: 90_000 });

    await page()
      .getByRole('textbox', { name: 'Search errors' })
      .fill('ValidationError');
    await page().waitForURL(/q=ValidationError/);
    await settled();
    // both services throw it; a service whose first one has not been
    // scraped yet shows up at the next refresh
    for (const service of SERVICES) {
      await entityLinks(service).first().waitFor({ timeout: 90_000 });
    }
    await settled();
    const rows = table().locator('tbody tr');
    const count = await rows.count();
    assert.ok(count >= SERVICES.length, `${count} rows`);
    for (let i = 0; i < count; i++) {
      assert.match(await rows.nth(i).innerText(), /ValidationError/);
    }
    // no service that does not throw it
    assert.equal(
      await table()
        .locator('a[href="/catalog/default/component/api-auth"]')
        .count(),
      0,
    );
    await page().screenshot({
      path: screenshotPath('overview-search.png'),
      fullPage: false,
    });
    await expectNoViolationsOfOurs(page(), 'overview error search');
  });

  it('opens an error of the search in its service’s Errors tab', async () => {
    const row = table()
      .locator('tbody tr')
      .filter({ has: page().locator(entityLink('payments')) })
      .first();
    await row.getByRole('link', { name: 'ValidationError' }).click();
    await page().waitForURL(
      /\/catalog\/default\/component\/payments\/errors\?errorId=\d+$/,
    );
    const drawer = page().getByRole('dialog');
    await drawer.waitFor({ timeout: 60_000 });
    await drawer.getByText('ValidationError').first().waitFor();
    assert.match(await drawer.innerText(), /payments/);
  });
});
