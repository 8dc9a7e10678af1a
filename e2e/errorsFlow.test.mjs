/*
 * Browser end-to-end: what an on-call engineer does in the real example app
 * (backend, frontend and demo services) in Debian's Chromium. Sign in as
 * guest, open a service's Errors tab, search by a word from a stack trace,
 * filter, open an error, read its stack trace and redacted headers, resolve
 * it, see it leave the list and come back as a regression, find resolve
 * refused on a service the guest does not own, and use the overview page.
 * Screenshots go to test-results/screenshots/ (`npm run screenshots` copies
 * them into docs/screenshots/ for the README).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_URL,
  screenshotPath,
  useGuestInExampleApp,
} from './exampleApp.mjs';

const TAB = `${APP_URL}/catalog/default/component/api-auth/errors`;

describe('an on-call engineer in the example app', () => {
  const guest = useGuestInExampleApp();

  const shot = name =>
    guest.page.screenshot({ path: screenshotPath(name), fullPage: false });
  const table = () => guest.page.getByRole('table', { name: 'Errors' });
  const row = text => table().getByRole('row').filter({ hasText: text });
  // After a filter changes, the table keeps the previous answer on screen
  // (marked aria-busy) until the new one arrives; assert on the new one.
  const settled = () =>
    guest.page.waitForSelector(
      'table[aria-label="Errors"][aria-busy="false"]',
      {
        timeout: 60_000,
      },
    );

  it('sees live errors on the Errors tab', async () => {
    await guest.page.goto(TAB);
    await row('TokenExpiredError').first().waitFor({ timeout: 90_000 });
    await row('SyntaxError').first().waitFor({ timeout: 60_000 });
    await guest.page
      .getByText(/3 of 3 targets up/)
      .first()
      .waitFor();
  });

  it('finds an error by a word from its stack trace', async () => {
    await guest.page
      .getByRole('textbox', { name: 'Search errors' })
      .fill('parseLoginBody');
    await guest.page.waitForURL(/q=parseLoginBody/);
    await settled();
    await row('SyntaxError').first().waitFor();
    await guest.page.waitForFunction(
      () =>
        [...document.querySelectorAll('table[aria-label="Errors"] tbody tr')]
          .length === 1,
    );
    assert.equal(await row('TokenExpiredError').count(), 0);
    await guest.page.getByRole('button', { name: 'Clear search' }).click();
    await guest.page.waitForURL(url => !url.search.includes('q='));
    await settled();
  });

  it('filters by severity', async () => {
    const warnings = guest.page
      .getByRole('group', { name: 'Severity' })
      .getByRole('button', { name: /^Warning/ });
    await warnings.click();
    try {
      await guest.page.waitForURL(/severity=warning/);
      await settled();
      await row('LoginThrottledError').first().waitFor({ timeout: 60_000 });
      await row('TokenExpiredError')
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 });
    } finally {
      // the next tests need every severity again, even when this one failed
      await warnings.click();
      await guest.page.waitForURL(url => !url.search.includes('severity='));
      await settled();
    }
  });

  it('opens an error with its stack trace and redacted headers, and resolves it', async () => {
    await row('TokenExpiredError').first().click();
    const drawer = guest.page.getByRole('dialog');
    await drawer.waitFor();
    await drawer.getByText('verifyAccessToken').first().waitFor();
    await drawer.getByRole('table', { name: 'Request headers' }).waitFor();
    await drawer.getByText('redacted').first().waitFor();
    const text = await drawer.innerText();
    assert.ok(!/Bearer ey/.test(text), 'the token value is not shown');
    await shot('error-details.png');

    await drawer.getByRole('button', { name: /^Resolve/ }).click();
    await drawer
      .getByText(/Resolved by/)
      .first()
      .waitFor();
    // a resolved error leaves the list of open errors at once (the demo
    // service throws it again within seconds: that is the next test)
    await guest.page.waitForFunction(
      () =>
        ![
          ...document.querySelectorAll('table[aria-label="Errors"] tbody tr'),
        ].some(tr => tr.textContent.includes('TokenExpiredError')),
      null,
      { timeout: 3_000 },
    );
    await drawer.getByRole('button', { name: 'Close' }).click();
  });

  it('sees the resolved error come back as a regression', async () => {
    // the demo service keeps throwing it; the page refreshes by itself
    await row('TokenExpiredError').first().waitFor({ timeout: 120_000 });
    await row('TokenExpiredError').getByText('Regressed').first().waitFor();
  });

  it('may not resolve the errors of a service the guest does not own', async () => {
    await guest.page.goto(
      `${APP_URL}/catalog/default/component/payments/errors`,
    );
    await row('PaymentDeclinedError').first().click({ timeout: 90_000 });
    const drawer = guest.page.getByRole('dialog');
    const resolve = drawer.getByRole('button', { name: /^Resolve/ });
    await resolve.waitFor();
    assert.equal(await resolve.isDisabled(), true);
  });

  it('uses the org-wide overview', async () => {
    await guest.page.goto(`${APP_URL}/periskop`);
    await guest.page.getByText('Auth API').first().waitFor({ timeout: 60_000 });
    await shot('overview.png');
  });

  it('shows the errors card on the service overview', async () => {
    await guest.page.goto(`${APP_URL}/catalog/default/component/api-feeds`);
    // the card's own content (its most frequent errors), not its frame
    const firstError = guest.page.getByTestId('periskop-card-error').first();
    await firstError.waitFor({ timeout: 60_000 });
    // and every other card of the page loaded too: no progress bar left
    await guest.page.waitForFunction(
      () => document.querySelectorAll('[role="progressbar"]').length === 0,
      null,
      { timeout: 60_000 },
    );
    // the card (the plugin's only view on this page) in full sight
    await guest.page.locator('.periskop-region').scrollIntoViewIfNeeded();
    await shot('errors-card.png');
  });
});
