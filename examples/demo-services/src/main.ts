import { demoOptionsFromEnv } from './env';
import { DemoPortInUseError } from './instance';
import { startDemoServices } from './startDemoServices';

/**
 * The command line entry (bin/start.js): starts every demo service, prints
 * one line per instance, and stops cleanly on SIGINT / SIGTERM.
 * Resolves with the exit code once startup failed or the services stopped.
 */
export async function runDemoServicesCli(
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);

  let running;
  try {
    running = await startDemoServices(demoOptionsFromEnv(env));
  } catch (error) {
    if (error instanceof DemoPortInUseError) {
      err(`demo-services: ${error.message}.`);
      err(
        `Stop whatever listens on port ${error.port} (e.g. an earlier "npm run start:examples"), ` +
          'or shift all demo ports with DEMO_BASE_PORT (e.g. DEMO_BASE_PORT=19101); ' +
          'the catalog URLs in examples/entities.yaml assume the default 9101.',
      );
    } else {
      err(`demo-services: ${error instanceof Error ? error.message : error}`);
    }
    return 1;
  }

  for (const instance of running.instances) {
    out(`${instance.id} listening on ${instance.url}`);
  }
  for (const job of running.jobs) {
    out(
      `${job.id} pushing to ${job.pushUrl} every ${formatSeconds(
        job.intervalMs,
      )}`,
    );
  }
  const jobs =
    running.jobs.length === 1
      ? '1 batch job'
      : `${running.jobs.length} batch jobs`;
  out(
    `demo-services: ${running.instances.length} instances running, ${jobs} (seed ${running.seed}, speed ${running.speed}); Ctrl+C to stop`,
  );

  return await new Promise<number>(resolve => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        err(`demo-services: ${signal} again, exiting immediately`);
        process.exit(130);
      }
      stopping = true;
      out(`demo-services: ${signal} received, stopping`);
      running.stop().then(
        () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          out('demo-services: stopped');
          resolve(0);
        },
        error => {
          err(`demo-services: failed to stop cleanly: ${error}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `20 s`, `0.33 s` */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(2))} s`;
}
