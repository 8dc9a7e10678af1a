#!/usr/bin/env node
/*
 * `npm test`: every test of every package, then the browser end-to-end
 * tests, then one plain summary line `N passed, N failed[, N skipped]`.
 *
 * - Unit and integration tests run through `backstage-cli repo test` (Jest).
 *   Backend tests always use SQLite; they also use PostgreSQL / MySQL when
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING /
 *   BACKSTAGE_TEST_DATABASE_MYSQL8_CONNECTION_STRING are set.
 * - Browser tests (e2e/*.test.mjs, node:test + playwright-core) start the
 *   real example app and need Chromium at /usr/bin/chromium (or
 *   PERISKOP_E2E_CHROMIUM). Without it they are reported as skipped.
 *   Their screenshots go to test-results/screenshots/ (ignored by git);
 *   `npm run screenshots` copies them into docs/screenshots/.
 * - The unit half also checks the API reports (`scripts/api-reports.js
 *   --ci`), counted as one test: it fails when a `report*.api.md` is out of
 *   date or has warnings; `npm run api-reports` updates them.
 * - And the OpenAPI spec (`backstage-repo-tools repo schema openapi
 *   validate`), counted as one test: it fails when a package's
 *   `src/schema/openapi.yaml` is not valid OpenAPI or differs from the
 *   `spec` of its `src/schema/openapi/generated/router.ts`. The generated
 *   router is TypeScript, which repo-tools imports as it is; Node loads it
 *   through Backstage's node transform.
 *
 * Pass `--unit` or `--e2e` to run only one half.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

const only = process.argv.find(a => a === '--unit' || a === '--e2e');
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

const env = {
  ...process.env,
  CI: 'true', // never watch
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
};

if (only !== '--e2e') {
  const jestJson = path.join(resultsDir, 'jest.json');
  fs.rmSync(jestJson, { force: true });
  const cli = require.resolve('@backstage/cli/bin/backstage-cli', {
    paths: [root],
  });
  const run = spawnSync(
    process.execPath,
    [cli, 'repo', 'test', '--no-watch', '--json', `--outputFile=${jestJson}`],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (fs.existsSync(jestJson)) {
    const report = JSON.parse(fs.readFileSync(jestJson, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // A suite that fails to load has no failed test but must fail the run.
    if (report.numRuntimeErrorTestSuites > 0) {
      console.error(
        `[test] ${report.numRuntimeErrorTestSuites} test suite(s) failed to run`,
      );
      totals.failed += report.numRuntimeErrorTestSuites;
    }
  } else {
    console.error('[test] Jest wrote no report');
    totals.failed += 1;
  }
  if (run.status !== 0) ok = false;

  const reports = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'api-reports.js'), '--ci'],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (reports.status === 0) {
    totals.passed += 1;
  } else {
    console.error(
      '[test] FAILED: API reports: a report*.api.md is out of date or has warnings; run `npm run api-reports`, fix what it reports and commit the changed reports',
    );
    totals.failed += 1;
  }

  const openapi = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs', {
        paths: [root],
      }),
      require.resolve('@backstage/repo-tools/bin/backstage-repo-tools', {
        paths: [root],
      }),
      'repo',
      'schema',
      'openapi',
      'validate',
    ],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (openapi.status === 0) {
    totals.passed += 1;
  } else {
    console.error(
      '[test] FAILED: OpenAPI: a src/schema/openapi.yaml is invalid or differs from its generated router.ts; regenerate it (see the README, "Backend HTTP API")',
    );
    totals.failed += 1;
  }
}

if (only !== '--unit') {
  const chromium = process.env.PERISKOP_E2E_CHROMIUM ?? '/usr/bin/chromium';
  const e2eDir = path.join(root, 'e2e');
  const files = fs.existsSync(e2eDir)
    ? fs
        .readdirSync(e2eDir)
        .filter(f => f.endsWith('.test.mjs'))
        .map(f => path.join('e2e', f))
    : [];
  if (files.length === 0) {
    console.log('[test] no browser tests found');
  } else if (!fs.existsSync(chromium)) {
    console.log(
      `[test] SKIPPED ${files.length} browser test file(s): no Chromium at ${chromium} (apt-get install -y chromium)`,
    );
    totals.skipped += files.length;
  } else {
    const tap = path.join(resultsDir, 'e2e.tap');
    const run = spawnSync(
      process.execPath,
      [
        '--test',
        '--test-concurrency=1',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      {
        cwd: root,
        env: { ...env, PERISKOP_E2E_CHROMIUM: chromium },
        stdio: 'inherit',
      },
    );
    const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
    const count = name =>
      Number((text.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
    totals.passed += count('pass');
    totals.failed += count('fail') + count('cancelled');
    totals.skipped += count('skipped') + count('todo');
    if (!text) {
      console.error('[test] the browser tests wrote no report');
      totals.failed += 1;
    }
    if (run.status !== 0) ok = false;
  }
}

if (totals.failed > 0) ok = false;
console.log(
  `${totals.passed} passed, ${totals.failed} failed${
    totals.skipped ? `, ${totals.skipped} skipped` : ''
  }`,
);
process.exit(ok ? 0 : 1);
