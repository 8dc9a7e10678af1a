#!/usr/bin/env node
/*
 * `npm run api-reports`: the API report (`report*.api.md`, made by API
 * Extractor through `backstage-repo-tools api-reports`) of every published
 * package, one per entry point. Review the changes to them like code.
 *
 * `npm run api-reports -- --ci` (run by `npm test`) writes nothing and fails
 * when a report is out of date, a report has warnings (undocumented exports,
 * missing release tags, ...) or an export carries the wrong release tag for
 * its entry point (`--validate-release-tags`).
 *
 * Steps:
 * 1. Compile the declarations of these packages into `dist-types/` (ignored
 *    by git). repo-tools' own `--tsc` would run `yarn`, which this
 *    repository does not use.
 * 2. Run API Extractor on them. `ae-wrong-input-file-type` is omitted, as in
 *    the Backstage monorepo: workspace packages point `types` (and
 *    `exports`) at `src/*.ts`, so when a package imports another one the
 *    compiler program also holds that package's sources. API Extractor
 *    treats the import as an external package either way, so the reports
 *    do not change; mapping the imports to `dist-types` instead would make
 *    them local and inline their types into the importer's report.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PACKAGES = [
  'plugins/catalog-backend-module-periskop',
  'plugins/periskop',
  'plugins/periskop-backend',
  'plugins/periskop-common',
  'packages/periskop-client',
];

const root = path.resolve(__dirname, '..');
const ci = process.argv.includes('--ci');
const resolve = id => require.resolve(id, { paths: [root] });

function run(what, args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(
      `[api-reports] ${what} failed (${
        result.signal ?? `exit code ${result.status}`
      }) after ${seconds}s`,
    );
    return false;
  }
  console.log(`[api-reports] ${what}: ${seconds}s`);
  return true;
}

// 1. Declarations of the reported packages only (what they import from
//    other workspace packages is compiled along), with the root settings.
const cacheDir = path.join(root, 'node_modules', '.cache', 'api-reports');
fs.mkdirSync(cacheDir, { recursive: true });
const tsconfig = path.join(cacheDir, 'tsconfig.json');
const fromCache = p => path.relative(cacheDir, path.join(root, p));
fs.writeFileSync(
  tsconfig,
  `${JSON.stringify(
    {
      extends: fromCache('tsconfig.json'),
      include: PACKAGES.map(dir => fromCache(path.join(dir, 'src'))),
    },
    null,
    2,
  )}\n`,
);
for (const dir of PACKAGES) {
  fs.rmSync(path.join(root, 'dist-types', dir), {
    recursive: true,
    force: true,
  });
}
let ok = run('compiling declarations', [
  resolve('typescript/bin/tsc'),
  '--project',
  tsconfig,
  '--skipLibCheck',
  'false',
  '--incremental',
  'false',
]);

// 2. The reports.
if (ok) {
  ok = run(ci ? 'checking API reports' : 'writing API reports', [
    resolve('@backstage/repo-tools/bin/backstage-repo-tools'),
    'api-reports',
    '--omit-messages',
    'ae-wrong-input-file-type',
    '--validate-release-tags',
    ...(ci ? ['--ci'] : []),
    ...PACKAGES,
  ]);
}
// repo-tools removes its temporary tsconfig on exit; not when it was killed.
fs.rmSync(path.join(root, 'tsconfig.tmp.json'), { force: true });

if (!ok) {
  console.error(
    ci
      ? '[api-reports] The API reports are out of date or have warnings. Run `npm run api-reports`, fix what it reports and commit the changed report*.api.md files.'
      : '[api-reports] Fix what is reported above, then run `npm run api-reports` again.',
  );
  process.exit(1);
}
console.log(
  ci
    ? '[api-reports] API reports are up to date and have no warnings'
    : '[api-reports] API reports written; review and commit the changes',
);
