/*
 * Browser end-to-end: an axe-core audit (WCAG 2.0 and 2.1, A and AA) of
 * the plugin's views in the real example app, in Backstage's light and
 * dark themes: the Errors tab (also with a severity filter on and with a
 * regressed error), the details drawer (open, also on a resolved error and
 * at 1280×720, where long stack-trace lines scroll sideways), the errors
 * card on the entity overview and the org-wide overview. Each fails on any
 * violation inside the plugin's own elements; Backstage's own findings
 * (around our views, and on catalog pages without them) are printed only.
 * See e2e/axeAudit.mjs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APP_URL, useGuestInExampleApp } from './exampleApp.mjs';
import {
  auditAccessibility,
  countByRule,
  expectNoViolationsOfOurs,
} from './axeAudit.mjs';

const TAB = `${APP_URL}/catalog/default/component/api-auth/errors`;
const ENTITY = `${APP_URL}/catalog/default/component/api-auth`;
const OVERVIEW = `${APP_URL}/periskop`;
const DRAWER = '[role="dialog"]';

describe('accessibility of the plugin in the example app', () => {
  const guest = useGuestInExampleApp();
  const page = () => guest.page;

  const table = () => page().getByRole('table', { name: 'Errors' });
  const row = text => table().getByRole('row').filter({ hasText: text });
  // the new rows are in, and the table is no longer dimmed (its opacity
  // fades back: an audit during the fade sees paler text)
  const settled = () =>
    page().waitForFunction(
      () => {
        const table = document.querySelector('table[aria-label="Errors"]');
        return (
          table?.getAttribute('aria-busy') === 'false' &&
          getComputedStyle(table).opacity === '1'
        );
      },
      null,
      { timeout: 60_000 },
    );
  /** No progress bar left anywhere on the page: every card has its content. */
  const loaded = () =>
    page().waitForFunction(
      () => document.querySelectorAll('[role="progressbar"]').length === 0,
      null,
      { timeout: 60_000 },
    );

  /** Opens a group's details and waits until the drawer has slid in. */
  const openDrawer = async text => {
    await row(text).first().click();
    const drawer = page().getByRole('dialog');
    await drawer
      .getByTestId('stack-trace')
      .first()
      .waitFor({ timeout: 60_000 });
    await page().waitForFunction(
      selector => {
        const el = document.querySelector(selector);
        return el && getComputedStyle(el).transform === 'none';
      },
      DRAWER,
      { timeout: 10_000 },
    );
    return drawer;
  };
  const closeDrawer = async () => {
    await page()
      .getByRole('dialog')
      .getByRole('button', { name: 'Close' })
      .click();
    await page()
      .getByRole('dialog')
      .waitFor({ state: 'detached', timeout: 10_000 });
  };

  /** Switches Backstage's theme (kept in local storage) and checks it took. */
  const useTheme = async theme => {
    await page().evaluate(id => localStorage.setItem('theme', id), theme);
    await page().goto(TAB);
    // the app applies the stored theme once it has started
    await page().waitForFunction(
      ({ light }) => {
        const red = Number(
          /\d+/.exec(getComputedStyle(document.body).backgroundColor)?.[0],
        );
        return light ? red > 200 : red < 100;
      },
      { light: theme === 'light' },
      { timeout: 60_000 },
    );
  };

  it('resolves an error and sees it regress (the states audited below)', async () => {
    await useTheme('light');
    await row('TokenExpiredError').first().waitFor({ timeout: 90_000 });
    const drawer = await openDrawer('TokenExpiredError');
    await drawer.getByRole('button', { name: /^Resolve/ }).click();
    await drawer.getByTestId('resolved-alert').waitFor();
    await expectNoViolationsOfOurs(
      page(),
      'details drawer of a resolved error (light)',
      { within: DRAWER },
    );
    await closeDrawer();
    // the demo service throws it again within seconds
    await row('TokenExpiredError')
      .getByText('Regressed')
      .first()
      .waitFor({ timeout: 120_000 });
  });

  for (const theme of ['light', 'dark']) {
    it(`finds no violation of ours on the Errors tab (${theme})`, async () => {
      await useTheme(theme);
      await row('TokenExpiredError')
        .getByText('Regressed')
        .first()
        .waitFor({ timeout: 60_000 });
      await page()
        .getByText(/3 of 3 targets up/)
        .first()
        .waitFor({ timeout: 60_000 });
      await settled();
      await expectNoViolationsOfOurs(page(), `Errors tab (${theme})`);

      // a selected severity chip is filled with the severity's colour
      const errors = page()
        .getByRole('group', { name: 'Severity' })
        .getByRole('button', { name: /^Error/ });
      await errors.click();
      try {
        await page().waitForURL(/severity=error/);
        await settled();
        await expectNoViolationsOfOurs(
          page(),
          `Errors tab, errors only (${theme})`,
        );
      } finally {
        await errors.click();
        await page().waitForURL(url => !url.search.includes('severity='));
        await settled();
      }
    });

    it(`finds no violation of ours in the details drawer (${theme})`, async () => {
      const drawer = await openDrawer('TokenExpiredError');
      await drawer
        .getByRole('table', { name: 'Request headers' })
        .waitFor({ timeout: 30_000 });
      await expectNoViolationsOfOurs(page(), `details drawer (${theme})`, {
        within: DRAWER,
      });

      // On a narrow screen the drawer takes the full width and stack-trace
      // lines scroll sideways: each block that may scroll is reachable by
      // keyboard (axe checks only the ones that overflow right now).
      await page().setViewportSize({ width: 600, height: 800 });
      try {
        const scrolls = await drawer
          .getByTestId('stack-trace')
          .first()
          .evaluate(pre => pre.scrollWidth > pre.clientWidth);
        console.log(`[axe] stack trace scrolls sideways at 600 px: ${scrolls}`);
        await expectNoViolationsOfOurs(
          page(),
          `details drawer at 600×800 (${theme})`,
          { within: DRAWER },
        );
        const blocks = await drawer
          .locator('pre')
          .evaluateAll(pres =>
            pres.map(pre => [pre.tabIndex, pre.getAttribute('aria-label')]),
          );
        assert.ok(blocks.length > 0);
        for (const [tabIndex, label] of blocks) {
          assert.equal(tabIndex, 0, `${label} is focusable`);
          assert.ok(label, 'every scrollable block is named');
        }
      } finally {
        await page().setViewportSize({ width: 1440, height: 900 });
      }
      await closeDrawer();
    });

    it(`finds no violation of ours on the errors card (${theme})`, async () => {
      await page().goto(ENTITY);
      await page()
        .getByTestId('periskop-card-error')
        .first()
        .waitFor({ timeout: 60_000 });
      await loaded();
      await expectNoViolationsOfOurs(
        page(),
        `entity overview with the errors card (${theme})`,
      );
    });

    it(`finds no violation of ours on the overview page (${theme})`, async () => {
      await page().goto(OVERVIEW);
      await page().getByText('Auth API').first().waitFor({ timeout: 60_000 });
      await loaded();
      await expectNoViolationsOfOurs(page(), `errors overview (${theme})`);
    });

    it(`reports Backstage's own catalog pages for comparison (${theme})`, async () => {
      for (const [where, url, ready] of [
        // the example app's landing page
        ['catalog index', `${APP_URL}/`, 'Auth API'],
        [
          'entity page without Periskop',
          `${APP_URL}/catalog/default/component/website`,
          'Shop website',
        ],
      ]) {
        await page().goto(url);
        await page().getByText(ready).first().waitFor({ timeout: 60_000 });
        await loaded();
        const { ours, theirs } = await auditAccessibility(page());
        console.log(
          `[axe] ${where} (${theme}), Backstage's own: ${countByRule(theirs)}`,
        );
        // nothing of ours on a page without the plugin's views
        assert.equal(ours.length, 0);
      }
    });
  }
});
