import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { periskopPlugin } from './plugin';

describe('periskopPlugin', () => {
  it('serves an unauthenticated health route', async () => {
    const { server } = await startTestBackend({
      features: [periskopPlugin, mockServices.rootConfig.factory()],
    });

    const response = await request(server).get('/api/periskop/health');

    expect(response.status).toBe(200);
    // no signals backend here: clients are told to refresh at the interval
    expect(response.body).toEqual({
      status: 'ok',
      scrapeIntervalSeconds: 30,
      liveUpdates: false,
    });
  });

  it('answers 404 for unknown routes instead of crashing', async () => {
    const { server } = await startTestBackend({ features: [periskopPlugin] });

    const response = await request(server).get('/api/periskop/nope');

    expect(response.status).toBe(404);
  });
});
