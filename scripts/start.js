#!/usr/bin/env node
/*
 * `npm start`: runs the example Backstage app (frontend on :3000, backend on
 * :7007, SQLite files in .data/sqlite/) together with the demo services that
 * the example catalog entities point to. Ctrl-C stops everything.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const extraArgs = process.argv.slice(2);

const children = [
  {
    name: 'demo-services',
    command: process.execPath,
    args: [path.join(root, 'examples/demo-services/bin/start.js')],
  },
  {
    name: 'backstage',
    command: process.execPath,
    args: [
      require.resolve('@backstage/cli/bin/backstage-cli', { paths: [root] }),
      'repo',
      'start',
      ...extraArgs,
    ],
  },
].map(({ name, command, args }) => {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(
        `[start] ${name} exited (${
          signal ?? `code ${code}`
        }), stopping the rest`,
      );
      stopAll(code ?? 1);
    }
  });
  return child;
});

let stopping = false;
function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(exitCode), 2000).unref();
  Promise.all(
    children.map(c =>
      c.exitCode === null ? new Promise(r => c.on('exit', r)) : null,
    ),
  ).then(() => process.exit(exitCode));
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
