#!/usr/bin/env node
/*
 * Starts the demo services (examples/demo-services/src) from their TypeScript
 * sources: `npm run start:examples` from the repository root, or
 * `node examples/demo-services/bin/start.js`.
 *
 * TypeScript is run the same way `backstage-cli package start` runs a backend
 * in development: that command spawns
 *
 *   node --enable-source-maps --require @backstage/cli-node/config/nodeTransform.cjs src/index.ts
 *
 * The transform (re-exported as @backstage/cli/config/nodeTransform.cjs)
 * compiles .ts files with SWC as they are required (a `pirates` require hook)
 * and registers ESM loader hooks with `module.register()`, so it works on
 * Node.js 20, 22 and 24. We load the same transform in this process and turn
 * on source maps, so stack traces in the reported errors point at the .ts
 * lines.
 *
 * Environment: DEMO_HOST, DEMO_BASE_PORT, DEMO_SPEED, DEMO_SEED, DEMO_SERVICES,
 * DEMO_BACKEND_URL, DEMO_PUSH_TOKEN (see examples/README.md).
 */
'use strict';

if (typeof process.setSourceMapsEnabled === 'function') {
  process.setSourceMapsEnabled(true); // same as --enable-source-maps
}

try {
  require('@backstage/cli/config/nodeTransform.cjs');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write(
      'demo-services: cannot load the TypeScript transform of @backstage/cli ' +
        `(${error.message.split('\n')[0]}).\n` +
        'Run "npm install" in the repository root first.\n',
    );
    process.exit(1);
  }
  throw error;
}

const { runDemoServicesCli } = require('../src/main.ts');

runDemoServicesCli(process.env).then(
  code => {
    process.exitCode = code;
    // Everything is closed by now; don't let a stray handle keep us alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  error => {
    process.stderr.write(`demo-services: ${(error && error.stack) || error}\n`);
    process.exit(1);
  },
);
