/**
 * Polls `check` every `intervalMs` until it holds; fails the test after
 * `timeoutMs`. For work that runs on the scheduler, whose timing a test
 * does not control.
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
