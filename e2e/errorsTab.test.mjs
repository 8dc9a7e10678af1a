/*
 * Browser end-to-end: the real example app in Debian's Chromium. An
 * annotated example service shows the Errors tab; an entity without the
 * annotation shows none. The screenshot goes to test-results/screenshots/
 * (`npm run screenshots` copies it into docs/screenshots/ for the README).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_URL,
  screenshotPath,
  useGuestInExampleApp,
} from './exampleApp.mjs';

describe('Errors tab in the example app', () => {
  const guest = useGuestInExampleApp();

  it('shows the Errors tab on an annotated service', async () => {
    await guest.page.goto(`${APP_URL}/catalog/default/component/api-auth`);
    // entity page tabs are links in the entity layout's content navigation;
    // the sidebar (errors overview) and the errors card ("View all errors")
    // link to similar targets, so the tab is found inside its navigation
    const tab = guest.page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Errors', exact: true });
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    await guest.page.waitForURL(
      /\/catalog\/default\/component\/api-auth\/errors/,
    );
    // the demo service's errors are listed once the first scrape is stored
    // (the list refreshes itself at the scrape interval)
    await guest.page
      .locator('[data-testid^="error-row-"]')
      .first()
      .waitFor({ timeout: 60_000 });
    // every instance of the example service is scraped and up
    await guest.page
      .getByText('3 of 3 targets up')
      .waitFor({ timeout: 30_000 });
    await guest.page.getByText('3 of 3 targets up').click();
    await guest.page
      .getByText('http://127.0.0.1:9101/-/exceptions')
      .waitFor({ timeout: 10_000 });
    await guest.page.screenshot({
      path: screenshotPath('errors-tab.png'),
      fullPage: true,
    });
  });

  it('shows no Errors tab on an entity without the annotation', async () => {
    await guest.page.goto(`${APP_URL}/catalog/default/component/website`);
    await guest.page
      .getByRole('link', { name: 'Overview', exact: true })
      .waitFor({ timeout: 60_000 });
    await guest.page.getByText('Shop website').first().waitFor();
    assert.equal(
      await guest.page
        .locator('a[href$="/catalog/default/component/website/errors"]')
        .count(),
      0,
    );
  });
});
