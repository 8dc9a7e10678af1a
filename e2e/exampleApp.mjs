/*
 * Starts the real example app (`npm start`: demo services, Backstage backend
 * on :7007 and the frontend dev server on :3000) for the browser tests, and
 * launches Debian's Chromium through playwright-core.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(url, deadline, isAlive) {
  for (;;) {
    if (!isAlive()) throw new Error(`the app exited before ${url} answered`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/**
 * Starts `npm start` in its own process group, on a fresh SQLite folder of
 * its own and a faster scrape schedule; resolves once both halves answer.
 */
export async function startExampleApp({ timeoutMs = 300_000, env = {} } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periskop-e2e-'));
  const configFile = path.join(dataDir, 'app-config.e2e.yaml');
  fs.writeFileSync(
    configFile,
    [
      'backend:',
      '  database:',
      '    client: better-sqlite3',
      '    connection:',
      `      directory: ${JSON.stringify(dataDir)}`,
      'periskop:',
      '  schedule:',
      '    frequency: { seconds: 5 }',
      '    timeout: { minutes: 1 }',
      '    initialDelay: { seconds: 1 }',
      '',
    ].join('\n'),
  );
  for (const port of [3000, 7007, 9101]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is already in use: stop the running example app before the browser tests`,
      );
    }
  }
  const output = [];
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'scripts/start.js'),
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BROWSER: 'none', ...env },
    },
  );
  const keep = chunk => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });

  const stop = async () => {
    if (!alive) return;
    const exited = new Promise(r => child.on('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + timeoutMs;
    await waitFor(`${BACKEND_URL}/api/periskop/health`, deadline, () => alive);
    await waitFor(APP_URL, deadline, () => alive);
  } catch (error) {
    await stop();
    error.message += `\n--- app output (tail) ---\n${output
      .join('')
      .slice(-6000)}`;
    throw error;
  }
  return {
    stop,
    output,
    periskopDatabase: path.join(dataDir, 'periskop.sqlite'),
  };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.PERISKOP_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Starts the example app and Chromium before the tests of the enclosing
 * `describe`, signs in as the guest, and stops both after them. Returns the
 * session, whose `page` is set once the guest is signed in.
 */
export function useGuestInExampleApp({
  viewport = { width: 1440, height: 900 },
} = {}) {
  const session = { app: undefined, browser: undefined, page: undefined };
  before(async () => {
    session.app = await startExampleApp();
    session.browser = await launchChromium();
    session.page = await session.browser.newPage({ viewport });
    await signInAsGuest(session.page);
  });
  after(async () => {
    await session.browser?.close();
    await session.app?.stop();
  });
  return session;
}

/** Signs in with the guest provider on the app's sign-in page. */
export async function signInAsGuest(page) {
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  // the sidebar renders once the guest identity is established
  await page
    .getByRole('link', { name: 'Catalog', exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
}

/**
 * Where the browser tests save their screenshots: `test-results/screenshots/`,
 * ignored by git, so `npm test` leaves the working tree clean.
 * `npm run screenshots` (scripts/update-screenshots.js) runs the tests that
 * call `screenshotPath` and copies the results into `docs/screenshots/` for
 * the README.
 */
export const screenshotDir = path.join(root, 'test-results', 'screenshots');

/** The file a screenshot called `name` is saved to (creates the folder). */
export function screenshotPath(name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, name);
}
