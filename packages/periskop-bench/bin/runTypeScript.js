/*
 * Runs a TypeScript entry point of the benchmark in plain Node with the
 * same SWC transform that `backstage-cli package start` uses (see
 * examples/demo-services/bin/start.js): `require(entry).main(argv, root)`.
 */
'use strict';

const path = require('node:path');

exports.runTypeScript = function runTypeScript(entry) {
  if (typeof process.setSourceMapsEnabled === 'function') {
    process.setSourceMapsEnabled(true);
  }
  try {
    require('@backstage/cli/config/nodeTransform.cjs');
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND') {
      process.stderr.write(
        'bench: cannot load the TypeScript transform of @backstage/cli; run "npm install" first.\n',
      );
      process.exit(1);
    }
    throw error;
  }
  require(entry)
    .main(process.argv.slice(2), path.resolve(__dirname, '..', '..', '..'))
    .then(
      code => {
        process.exitCode = code;
        // every handle is closed by now; a stray one must not keep us alive
        setTimeout(() => process.exit(code), 2000).unref();
      },
      error => {
        // database errors quote their whole statement, which can be megabytes
        const text = String((error && error.stack) || error);
        process.stderr.write(
          `bench: ${text.length > 4000 ? `${text.slice(0, 4000)}…` : text}\n`,
        );
        process.exit(1);
      },
    );
};
