import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { FakeBackend, startFakeBackend } from './__testUtils__/fakeBackend';
import { DEFAULT_PUSH_TOKEN } from './services';

const BIN = path.resolve(__dirname, '../bin/start.js');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startCli(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [BIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', chunk => {
    stdout += chunk;
  });
  child.stderr!.on('data', chunk => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function waitFor(predicate: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

jest.setTimeout(60_000);

describe('bin/start.js', () => {
  const runs: Run[] = [];
  let backend: FakeBackend | undefined;

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exit;
      }
    }
    await backend?.close();
    backend = undefined;
  });

  it('runs the TypeScript sources, prints one line per instance and stops on SIGTERM', async () => {
    backend = await startFakeBackend();
    const run = startCli({
      DEMO_BASE_PORT: '0',
      DEMO_SPEED: '50',
      DEMO_SEED: 'cli',
      DEMO_BACKEND_URL: backend.url,
    });
    runs.push(run);
    await waitFor(() => run.stdout().includes('instances running'), 30_000);

    const lines = run.stdout().trim().split('\n');
    const listening = lines.filter(l => l.includes(' listening on '));
    expect(listening).toHaveLength(7);
    expect(listening[0]).toMatch(
      /^api-auth#1 listening on http:\/\/127\.0\.0\.1:\d+\/-\/exceptions$/,
    );
    expect(run.stdout()).toContain(
      'demo-services: 7 instances running, 1 batch job (seed cli, speed 50); Ctrl+C to stop',
    );
    expect(lines).toContain(
      `nightly-import pushing to ${backend.url}/api/periskop/entities/default/component/nightly-import/push every 3 s`,
    );

    const url = listening[5].split(' listening on ')[1];
    expect(listening[5]).toMatch(/^payments#1 /);
    await new Promise(resolve => setTimeout(resolve, 300));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const payload = await response.json();
    expect(payload.aggregated_errors.length).toBeGreaterThan(0);
    // source maps are on: frames point at the TypeScript sources
    const frames: string[] =
      payload.aggregated_errors[0].latest_errors[0].error.stacktrace;
    expect(frames.join('\n')).toMatch(/payments\.ts:\d+:\d+/);

    // the batch job's first run (0.75 s in: runs are 3 s apart at most) pushed with the demo token
    await waitFor(() => backend!.pushes.length >= 1, 10_000);
    expect(backend.pushes[0].authorization).toBe(
      `Bearer ${DEFAULT_PUSH_TOKEN}`,
    );
    expect(backend.pushes[0].path).toBe(
      '/api/periskop/entities/default/component/nightly-import/push/errors',
    );
    await waitFor(
      () => run.stdout().includes('nightly-import: push of run 1 accepted'),
      10_000,
    );

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('demo-services: stopped');
    expect(run.stderr()).toBe('');
  });

  it('says in one line that the backend is not up, and keeps running', async () => {
    const closed = net.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const run = startCli({
      DEMO_SERVICES: 'nightly-import',
      DEMO_SPEED: '100',
      DEMO_BACKEND_URL: `http://127.0.0.1:${port}`,
    });
    runs.push(run);
    await waitFor(() => run.stdout().includes('push of run 1 failed'), 30_000);
    // two runs (3 s apart), four failed pushes: still one line
    await new Promise(resolve => setTimeout(resolve, 3500));
    expect(run.stdout()).toContain(
      'demo-services: 0 instances running, 1 batch job',
    );
    expect(run.stdout().match(/failed/g)).toHaveLength(1);
    expect(run.stdout()).toContain(
      `nightly-import: push of run 1 failed: nothing listens at http://127.0.0.1:${port} (connection refused): is the backend up yet?; trying again at the next run`,
    );
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toBe('');
  });

  it('says clearly that a port is taken and exits non-zero', async () => {
    const blocker = net.createServer();
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const run = startCli({
        DEMO_BASE_PORT: String(port),
        DEMO_SERVICES: 'api-auth',
      });
      runs.push(run);
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain(
        `api-auth#1 cannot listen on 127.0.0.1:${port}: the port is already in use`,
      );
      expect(run.stderr()).toContain('DEMO_BASE_PORT');
      expect(run.stdout()).toBe('');
    } finally {
      await new Promise(resolve => blocker.close(resolve));
    }
  });

  it('rejects an invalid environment', async () => {
    const run = startCli({ DEMO_SPEED: 'fast' });
    runs.push(run);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('DEMO_SPEED must be a number');
  });
});
