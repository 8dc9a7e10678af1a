import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

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

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exit;
      }
    }
  });

  it('runs the TypeScript sources, prints one line per instance and stops on SIGTERM', async () => {
    const run = startCli({
      DEMO_BASE_PORT: '0',
      DEMO_SPEED: '50',
      DEMO_SEED: 'cli',
    });
    runs.push(run);
    await waitFor(() => run.stdout().includes('instances running'), 30_000);

    const lines = run.stdout().trim().split('\n');
    const listening = lines.filter(l => l.includes(' listening on '));
    expect(listening).toHaveLength(7);
    expect(listening[0]).toMatch(
      /^api-auth#1 listening on http:\/\/127\.0\.0\.1:\d+\/-\/exceptions$/,
    );
    expect(run.stdout()).toContain('(seed cli, speed 50)');

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

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('demo-services: stopped');
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
