/*
 * Browser end-to-end: a batch job that cannot be scraped pushes its errors.
 * In the real example app in Debian's Chromium, the guest (team-identity)
 * creates the push key of the job it owns (nightly-report, which has only
 * periskop.io/service-name) on its Errors tab and reads the push URL from
 * the one-time dialog; our Node client (`pushToGateway`) pushes a collector
 * to that URL; the errors and the pushed instance appear on the tab. After
 * a rotation the old URL answers 404. On a service the guest does not own
 * the key cannot be managed. The screenshot goes to test-results/screenshots/
 * (`npm run screenshots` copies it into docs/screenshots/ for the README).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  APP_URL,
  screenshotPath,
  useGuestInExampleApp,
} from './exampleApp.mjs';

const require = createRequire(import.meta.url);
// The client is published from TypeScript sources in this repository; load
// them the way the demo services do (the Backstage CLI's SWC transform).
require('@backstage/cli/config/nodeTransform.cjs');
const {
  ErrorCollector,
  ErrorExporter,
  PushGatewayError,
  pushToGateway,
} = require('@periskop-backstage/periskop-client');

const TAB = `${APP_URL}/catalog/default/component/nightly-report/errors`;

class ReportQueryTimeoutError extends Error {}

/** What the nightly job collected during one run. */
function nightlyRun() {
  const collector = new ErrorCollector();
  try {
    throw new ReportQueryTimeoutError(
      'sign-in statistics query timed out after 30s',
    );
  } catch (error) {
    collector.report(error);
  }
  for (let i = 0; i < 3; i++) {
    try {
      JSON.parse('{"lockouts": 1');
    } catch (error) {
      collector.report(error, { severity: 'warning' });
    }
  }
  return collector;
}

describe('a batch job that pushes its errors', () => {
  const guest = useGuestInExampleApp();
  let collector;
  let firstUrl;

  const pushKeyPanel = () => guest.page.getByTestId('push-key');
  const table = () => guest.page.getByRole('table', { name: 'Errors' });
  const row = text => table().getByRole('row').filter({ hasText: text });

  /** Reads the URL from the one-time dialog and closes it. */
  async function readPushUrl() {
    const dialog = guest.page.getByRole('dialog', {
      name: 'Push URL of component:nightly-report',
    });
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByText('it will not be shown again').waitFor();
    const url = await dialog
      .getByRole('textbox', { name: 'Push URL' })
      .inputValue();
    return { dialog, url };
  }

  it('explains how to push on a job that has pushed nothing yet', async () => {
    await guest.page.goto(TAB);
    const empty = guest.page.getByTestId('errors-empty');
    await empty.getByText('Nothing pushed yet').waitFor({ timeout: 90_000 });
    assert.match(await empty.innerText(), /Create a push key/);
    assert.doesNotMatch(await empty.innerText(), /no scrape targets/i);
  });

  it('creates a push key and shows its push URL once', async () => {
    // the panel opens by itself on a job without a key
    await pushKeyPanel()
      .getByRole('button', { name: 'Create push key' })
      .click({ timeout: 30_000 });
    const { dialog, url } = await readPushUrl();
    assert.match(url, /^http:\/\/localhost:7007\/api\/periskop\/push\/\S+$/);
    firstUrl = url;
    // the snippets are highlighted lazily; wait for them before the picture
    await dialog
      .getByText(/PushToGateway/)
      .first()
      .waitFor({ timeout: 10_000 });
    await guest.page.screenshot({
      path: screenshotPath('push-key.png'),
      fullPage: false,
    });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // shown once: nothing on the page holds the key any more
    const key = url.split('/').pop();
    assert.ok(!(await guest.page.content()).includes(key));
    await pushKeyPanel()
      .getByText(`…${key.slice(-4)}`)
      .first()
      .waitFor();
  });

  it('receives what the Node client pushes to that URL', async () => {
    collector = nightlyRun();
    await pushToGateway(new ErrorExporter(collector), firstUrl, {
      signal: AbortSignal.timeout(10_000),
    });

    // the tab refreshes itself at the scrape interval
    await row('ReportQueryTimeoutError').first().waitFor({ timeout: 60_000 });
    await row('SyntaxError').first().waitFor();

    const health = guest.page.getByTestId('target-health');
    await health.getByText('1 pushed instance').waitFor({ timeout: 30_000 });
    await health.getByText('1 pushed instance').click();
    const instances = health.getByRole('table', { name: 'Pushed instances' });
    await instances.waitFor();
    await instances.getByText('Pushed', { exact: true }).waitFor();
    await instances.getByText(collector.targetUuid).waitFor();
    await instances.getByText(/last push/).waitFor();
    assert.equal(await instances.getByText('Down').count(), 0);
  });

  it('rotates the key: the old URL stops working at once', async () => {
    const panel = pushKeyPanel();
    const rotate = panel.getByRole('button', { name: 'Rotate key' });
    if (!(await rotate.isVisible())) {
      await panel.getByText('Push key', { exact: true }).click();
    }
    await rotate.click();
    const confirm = guest.page.getByRole('dialog', {
      name: 'Rotate the push key?',
    });
    await confirm.getByText(/stops working at once/).waitFor();
    await confirm.getByRole('button', { name: 'Rotate key' }).click();
    const { dialog, url } = await readPushUrl();
    assert.notEqual(url, firstUrl);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const exporter = new ErrorExporter(collector);
    await assert.rejects(
      pushToGateway(exporter, firstUrl),
      error => error instanceof PushGatewayError && error.status === 404,
    );
    await pushToGateway(exporter, url);
  });

  it('may not manage the push key of a service the guest does not own', async () => {
    await guest.page.goto(
      `${APP_URL}/catalog/default/component/payments/errors`,
    );
    const panel = pushKeyPanel();
    await panel.waitFor({ timeout: 60_000 });
    await panel.getByText('Push key', { exact: true }).click();
    await panel
      .getByText(/An owner of component:payments can create one here/)
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await panel.getByRole('button', { name: 'Create push key' }).count(),
      0,
    );
  });
});
