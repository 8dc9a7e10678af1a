import { demoOptionsFromEnv } from './env';

describe('demoOptionsFromEnv', () => {
  it('uses the defaults when nothing is set (every service and job)', () => {
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
        DEMO_SERVICES: 'payments, api-auth, nightly-import',
        DEMO_BACKEND_URL: 'http://backstage.test:7007/',
        DEMO_PUSH_TOKEN: ' a-static-token ',
      }),
    ).toEqual({
      host: '0.0.0.0',
      basePort: 19101,
      speed: 2.5,
      seed: 'demo',
      services: ['payments', 'api-auth', 'nightly-import'],
      backendUrl: 'http://backstage.test:7007',
      pushToken: 'a-static-token',
    });
    // a backend under a path prefix
    expect(
      demoOptionsFromEnv({
        DEMO_BACKEND_URL: 'https://portal.test/backstage/',
      }),
    ).toEqual({ backendUrl: 'https://portal.test/backstage' });
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
      'DEMO_SERVICES names unknown services: web (known: api-auth, api-feeds, payments, nightly-import)',
    );
    expect(() =>
      demoOptionsFromEnv({ DEMO_BACKEND_URL: 'localhost:7007' }),
    ).toThrow(
      'DEMO_BACKEND_URL must be the http(s) base URL of the Backstage backend, like http://localhost:7007 (got "localhost:7007")',
    );
    expect(() =>
      demoOptionsFromEnv({ DEMO_BACKEND_URL: 'http://localhost:7007/?x=1' }),
    ).toThrow('DEMO_BACKEND_URL');
    expect(() =>
      demoOptionsFromEnv({ DEMO_BACKEND_URL: 'ftp://host' }),
    ).toThrow('DEMO_BACKEND_URL');
    expect(() => demoOptionsFromEnv({ DEMO_PUSH_TOKEN: 'short' })).toThrow(
      'DEMO_PUSH_TOKEN must be at least 8 characters without spaces',
    );
    // a token is not repeated in the error
    expect(() =>
      demoOptionsFromEnv({ DEMO_PUSH_TOKEN: 'has a space' }),
    ).not.toThrow('has a space');
    expect(() =>
      demoOptionsFromEnv({ DEMO_PUSH_TOKEN: 'has a space' }),
    ).toThrow('DEMO_PUSH_TOKEN');
  });
});
