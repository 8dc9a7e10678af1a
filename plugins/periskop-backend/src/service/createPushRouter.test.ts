import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { generatePushKey } from '../push/pushKeys';
import { PushRateLimiter } from '../push/PushRateLimiter';
import { PushReceiver } from '../push/PushReceiver';
import { createPushRouter } from './createPushRouter';

/** The push routes behind a recorder of the URL that Backstage's request log writes. */
function app(receiver: Partial<PushReceiver>) {
  const logged: string[] = [];
  const logger = mockServices.logger.mock();
  const server = express()
    .use((req, res, next) => {
      // as MiddlewareFactory.logging(): the URL is read when the response is done
      res.on('finish', () => logged.push(req.originalUrl ?? req.url));
      next();
    })
    .use(
      '/api/periskop',
      createPushRouter({
        receiver: receiver as PushReceiver,
        limiter: new PushRateLimiter(60),
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions(),
        maxBodyBytes: 1000,
      }),
    )
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger,
      }).error(),
    );
  return { server, logged, logger };
}

describe('createPushRouter', () => {
  it('keeps the push key out of the logged URL', async () => {
    const key = generatePushKey();
    const { server, logged } = app({ targetOfKey: async () => undefined });

    const res = await request(server)
      .post(`/api/periskop/push/${key}/errors`)
      .send('{}');

    expect(res.status).toBe(404);
    expect(logged).toEqual([
      `/api/periskop/push/pskp_…${key.slice(-4)}/errors`,
    ]);
  });

  it('answers a failed lookup with a 503 that says nothing of the database', async () => {
    const key = generatePushKey();
    const { server, logged } = app({
      targetOfKey: async () => {
        throw new ServiceUnavailableError(
          'The push could not be taken now; nothing was counted, push again later',
        );
      },
    });

    const res = await request(server)
      .post(`/api/periskop/push/${key}/errors`)
      .send('{}');

    expect(res.status).toBe(503);
    expect(JSON.stringify(res.body)).not.toMatch(/sql|select|knex/i);
    expect(logged.join()).not.toContain(key);
  });
});
