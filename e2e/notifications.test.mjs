/*
 * Browser end-to-end: notifications and live updates in the real example
 * app (backend with the notifications and signals backends, frontend with
 * their plugins, demo services) in Debian's Chromium. The guest is a member
 * of team-identity, which owns api-auth. A demo instance of api-auth is
 * made to throw an error of a class never seen before: the open Errors tab
 * shows it without a reload, a notification about it reaches the guest,
 * and its link opens the error in the Errors tab. A resolve in another
 * browser window takes it off the first one's list, again without a reload.
 * The screenshot goes to test-results/screenshots/notifications.png.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_URL,
  screenshotPath,
  signInAsGuest,
  useGuestInExampleApp,
} from './exampleApp.mjs';

const TAB = `${APP_URL}/catalog/default/component/api-auth/errors`;
/** A class that no demo scenario throws (see examples/demo-services). */
const NEW_CLASS = 'CartLockError';
/** api-auth#1 (examples/README.md), with its throw-on-request path. */
const THROW_URL = `http://127.0.0.1:9101/-/throw?${new URLSearchParams({
  class: NEW_CLASS,
  message: 'cart 42 is locked by another checkout',
})}`;

describe('notifications and live updates in the example app', () => {
  const guest = useGuestInExampleApp();

  const rows = (page, text) =>
    page
      .getByRole('table', { name: 'Errors' })
      .getByRole('row')
      .filter({ hasText: text });

  /** Marks the document, so a reload (which makes a new one) is seen. */
  const markDocument = page =>
    page.evaluate(() => {
      window.__periskopNoReload = true;
    });
  const sameDocument = page =>
    page.evaluate(() => window.__periskopNoReload === true);

  it('shows a new error on the open Errors tab without a reload', async () => {
    const page = guest.page;
    await page.goto(TAB);
    // the demo's errors are listed once the first scrape is stored
    await rows(page, 'TokenExpiredError').first().waitFor({ timeout: 90_000 });
    // the signals plugin is installed: the tab says it is live, so it polls
    // only every five minutes and what follows is the backend's signal
    await page.getByText(/^Live, updated /).waitFor({ timeout: 30_000 });
    assert.equal(await rows(page, NEW_CLASS).count(), 0);
    await markDocument(page);

    const thrown = await fetch(THROW_URL, { method: 'POST' });
    assert.equal(thrown.status, 201);

    await rows(page, NEW_CLASS).first().waitFor({ timeout: 60_000 });
    assert.equal(await sameDocument(page), true, 'the page was not reloaded');
  });

  it('notifies the guest, whose team owns the service, and the notification opens the error', async () => {
    const page = guest.page;
    await page.goto(`${APP_URL}/notifications`);
    const link = page.getByRole('link', {
      name: `New error in api-auth: ${NEW_CLASS}`,
    });
    // sent after the scrape cycle that stored it; the page lists it live
    await link.waitFor({ timeout: 60_000 });
    await page
      .getByText('cart 42 is locked by another checkout', { exact: false })
      .first()
      .waitFor();
    await page.screenshot({
      path: screenshotPath('notifications.png'),
      fullPage: false,
    });

    await link.click();
    await page.waitForURL(
      /\/catalog\/default\/component\/api-auth\/errors\?errorId=\d+$/,
    );
    const drawer = page.getByRole('dialog');
    await drawer.waitFor({ timeout: 30_000 });
    await drawer.getByText(NEW_CLASS).first().waitFor();
    await drawer
      .getByText('cart 42 is locked by another checkout')
      .first()
      .waitFor();
  });

  it('takes an error resolved in another browser window off the list without a reload', async () => {
    const page = guest.page;
    await page.goto(TAB);
    await rows(page, NEW_CLASS).first().waitFor({ timeout: 60_000 });
    await page.getByText(/^Live, updated /).waitFor({ timeout: 30_000 });
    await markDocument(page);

    // the guest in a second browser window: open the error and resolve it
    const context = await guest.browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    try {
      const other = await context.newPage();
      await signInAsGuest(other);
      await other.goto(TAB);
      await rows(other, NEW_CLASS).first().click({ timeout: 60_000 });
      const drawer = other.getByRole('dialog');
      await drawer.getByRole('button', { name: /^Resolve/ }).click();
      await drawer
        .getByText(/Resolved by/)
        .first()
        .waitFor();
    } finally {
      await context.close();
    }

    // the first tab drops it from its list of open errors by itself (the
    // demo never throws this class again)
    await rows(page, NEW_CLASS)
      .first()
      .waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await sameDocument(page), true, 'the page was not reloaded');
  });
});
