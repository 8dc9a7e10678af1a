#!/usr/bin/env node
/*
 * `npm run check:examples`: while `npm start` runs, checks that the counts
 * stored by the Periskop backend match what the example services report.
 * Reads the example app's SQLite file (.data/sqlite/periskop.sqlite, or the
 * path given as the first argument).
 */
const path = require('node:path');
const { checkExampleCounts } = require('./exampleCounts');

const dbFile = path.resolve(
  process.argv[2] ??
    path.join(__dirname, '..', '.data', 'sqlite', 'periskop.sqlite'),
);

checkExampleCounts({ dbFile })
  .then(({ checked, problems, lines }) => {
    for (const line of lines) console.log(line);
    if (problems.length > 0) {
      for (const problem of problems) console.error(`MISMATCH ${problem}`);
      process.exit(1);
    }
    console.log(
      `${checked} error keys checked: stored counts match the services`,
    );
  })
  .catch(error => {
    console.error(`check failed: ${error.message}`);
    process.exit(1);
  });
