#!/usr/bin/env node
/* `npm run bench:reader [keys]` from the repository root: the payload readers compared. */
'use strict';

require('./runTypeScript').runTypeScript(
  require.resolve('../src/reader/readerBench.ts'),
);
