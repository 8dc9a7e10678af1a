import { demoOptionsFromEnv } from './env';

describe('demoOptionsFromEnv', () => {
  it('uses the defaults when nothing is set', () => {
    expect(demoOptionsFromEnv({})).toEqual({});
    expect(
      demoOptionsFromEnv({
        DEMO_SPEED: '',
        DEMO_BASE_PORT: ' ',
        DEMO_SEED: '',
      }),
    ).toEqual({});
  });

  it('reads every variable', () => {
    expect(
      demoOptionsFromEnv({
        DEMO_HOST: '0.0.0.0',
        DEMO_BASE_PORT: '19101',
        DEMO_SPEED: '2.5',
        DEMO_SEED: 'demo',
        DEMO_SERVICES: 'payments, api-auth',
      }),
    ).toEqual({
      host: '0.0.0.0',
      basePort: 19101,
      speed: 2.5,
      seed: 'demo',
      services: ['payments', 'api-auth'],
    });
    expect(demoOptionsFromEnv({ DEMO_BASE_PORT: '0' })).toEqual({
      basePort: 0,
    });
  });

  it('names the variable and the value when a value is invalid', () => {
    expect(() => demoOptionsFromEnv({ DEMO_BASE_PORT: 'http' })).toThrow(
      'DEMO_BASE_PORT must be a port number between 0 and 65535 (got "http")',
    );
    expect(() => demoOptionsFromEnv({ DEMO_BASE_PORT: '70000' })).toThrow(
      'DEMO_BASE_PORT',
    );
    expect(() => demoOptionsFromEnv({ DEMO_BASE_PORT: '-1' })).toThrow(
      'DEMO_BASE_PORT',
    );
    expect(() => demoOptionsFromEnv({ DEMO_SPEED: 'fast' })).toThrow(
      'DEMO_SPEED must be a number greater than 0 and at most 10000 (got "fast")',
    );
    expect(() => demoOptionsFromEnv({ DEMO_SPEED: '0' })).toThrow('DEMO_SPEED');
    expect(() => demoOptionsFromEnv({ DEMO_SERVICES: 'api-auth,web' })).toThrow(
      'DEMO_SERVICES names unknown services: web (known: api-auth, api-feeds, payments)',
    );
  });
});
