#!/usr/bin/env node
/* `npm run bench` from the repository root (flags after `--`). */
'use strict';

require('./runTypeScript').runTypeScript(require.resolve('../src/main.ts'));
