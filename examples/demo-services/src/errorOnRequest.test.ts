import { readErrorRequest, THROW_PATH } from './errorOnRequest';
import { RunningDemoServices, startDemoServices } from './startDemoServices';

describe('readErrorRequest', () => {
  it('reads the class, and the message and severity with their defaults', () => {
    expect(
      readErrorRequest(new URLSearchParams('class=CartLockError')),
    ).toEqual({
      ok: true,
      errorClass: 'CartLockError',
      message: 'CartLockError thrown on request (demo)',
      severity: 'error',
    });
    expect(
      readErrorRequest(
        new URLSearchParams('class=a.b.C&message=locked&severity=warning'),
      ),
    ).toEqual({
      ok: true,
      errorClass: 'a.b.C',
      message: 'locked',
      severity: 'warning',
    });
  });

  it.each([
    ['', /^class must be a class name/],
    ['class=not a class', /^class must be a class name/],
    [`class=E&message=${'x'.repeat(501)}`, /^message must be at most 500/],
    ['class=E&severity=fatal', /^severity must be one of error, warning, info/],
  ])('refuses %s', (query, reason) => {
    const result = readErrorRequest(new URLSearchParams(query));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe(`POST ${THROW_PATH} on a demo instance`, () => {
  let running: RunningDemoServices | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('reports an error of a class never seen before, on that instance only', async () => {
    running = await startDemoServices({
      basePort: 0,
      speed: 1,
      seed: 'jest-throw',
      services: ['api-auth'],
    });
    const [first, second] = running.instances;
    const origin = `http://127.0.0.1:${first.port}`;

    expect((await fetch(`${origin}${THROW_PATH}?class=X`)).status).toBe(405);
    expect(
      (await fetch(`${origin}${THROW_PATH}?class=1x`, { method: 'POST' }))
        .status,
    ).toBe(400);
    const thrown = await fetch(
      `${origin}${THROW_PATH}?class=CartLockError&message=cart%2042%20is%20locked`,
      { method: 'POST' },
    );
    expect(thrown.status).toBe(201);
    expect(await thrown.json()).toEqual({
      instance: 'api-auth#1',
      class: 'CartLockError',
      message: 'cart 42 is locked',
      severity: 'error',
    });

    const payload = await (await fetch(`${origin}/-/exceptions`)).json();
    const reported = payload.aggregated_errors.filter((a: any) =>
      a.aggregation_key.startsWith('CartLockError@'),
    );
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      total_count: 1,
      severity: 'error',
      latest_errors: [
        {
          error: { class: 'CartLockError', message: 'cart 42 is locked' },
          http_context: { request_method: 'POST' },
        },
      ],
    });
    const other = await (
      await fetch(`http://127.0.0.1:${second.port}/-/exceptions`)
    ).json();
    expect(
      other.aggregated_errors.some((a: any) =>
        a.aggregation_key.startsWith('CartLockError@'),
      ),
    ).toBe(false);
  });
});
