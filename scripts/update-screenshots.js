#!/usr/bin/env node
/*
 * `npm run screenshots`: refreshes the README's screenshots.
 *
 * Runs the browser tests that take screenshots (every e2e/*.test.mjs that
 * calls `screenshotPath`) against the real example app, then copies what
 * they saved in test-results/screenshots/ into docs/screenshots/. `npm test`
 * runs the same tests but never touches docs/. Nothing is copied when a test
 * fails.
 *
 * Needs what the browser tests need: Chromium at /usr/bin/chromium (or
 * PERISKOP_E2E_CHROMIUM) and free ports 3000, 7007 and 9101-9122.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const e2eDir = path.join(root, 'e2e');
// must match screenshotDir in e2e/exampleApp.mjs
const takenDir = path.join(root, 'test-results', 'screenshots');
const docsDir = path.join(root, 'docs', 'screenshots');
const chromium = process.env.PERISKOP_E2E_CHROMIUM ?? '/usr/bin/chromium';

function fail(message) {
  console.error(`[screenshots] ${message}`);
  process.exit(1);
}

if (!fs.existsSync(chromium)) {
  fail(`no Chromium at ${chromium} (apt-get install -y chromium)`);
}

const files = fs
  .readdirSync(e2eDir)
  .filter(f => f.endsWith('.test.mjs'))
  .filter(f =>
    fs.readFileSync(path.join(e2eDir, f), 'utf8').includes('screenshotPath('),
  )
  .sort()
  .map(f => path.join('e2e', f));
if (files.length === 0) fail('no browser test takes screenshots');

// only this run's screenshots may end up in docs/
fs.rmSync(takenDir, { recursive: true, force: true });

console.log(`[screenshots] running ${files.join(', ')}`);
const run = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  {
    cwd: root,
    env: { ...process.env, PERISKOP_E2E_CHROMIUM: chromium },
    stdio: 'inherit',
  },
);
if (run.status !== 0) {
  fail('the browser tests failed; docs/screenshots/ is left as it was');
}

const taken = fs.existsSync(takenDir)
  ? fs
      .readdirSync(takenDir)
      .filter(f => f.endsWith('.png'))
      .sort()
  : [];
if (taken.length === 0) fail('the browser tests saved no screenshot');

fs.mkdirSync(docsDir, { recursive: true });
for (const name of taken) {
  fs.copyFileSync(path.join(takenDir, name), path.join(docsDir, name));
  console.log(`[screenshots] updated docs/screenshots/${name}`);
}
for (const name of fs.readdirSync(docsDir).sort()) {
  if (name.endsWith('.png') && !taken.includes(name)) {
    console.warn(
      `[screenshots] docs/screenshots/${name} was not taken by any test; remove it if the README no longer shows it`,
    );
  }
}
