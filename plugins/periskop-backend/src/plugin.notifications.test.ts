import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import {
  ErrorCollector,
  ErrorExporter,
} from '@periskop-backstage/periskop-client';
import { Knex } from 'knex';
import request from 'supertest';
import { changingCatalogFactory } from './__testUtils__/changingCatalog';
import { componentEntity } from './__testUtils__/componentEntity';
import { createTestDatabases } from './__testUtils__/databases';
import { startInstrumentedService } from './__testUtils__/instrumentedService';
import { waitUntil } from './__testUtils__/waitUntil';
import { periskopPlugin } from './plugin';

jest.setTimeout(180_000);

const databases = createTestDatabases();

const API = 'component:default/api';

// The client's keys hash the caller's stack frames, so each call site
// would be an error of its own: the tests name their errors' keys.
const TYPE_ERROR = { aggregationKey: 'TypeError@login' };
const RANGE_ERROR = { aggregationKey: 'RangeError@pay' };
const OWNER = 'user:default/alice';

/** A backend plugin that only exists, as the notifications or signals backend would. */
function installed(pluginId: string) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

/** Every line logged by any plugin of the test backend. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger: LoggerService = {
    error: message => void lines.push({ level: 'error', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    info: message => void lines.push({ level: 'info', message }),
    debug: () => {},
    child: () => logger,
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.logger,
      deps: {},
      factory: () => logger,
    }),
  };
}

interface Recorded {
  sent: NotificationSendOptions[];
  signals: SignalPayload[];
  logs: ReturnType<typeof recordingLogger>['lines'];
}

async function startBackend(
  knex: Knex,
  entities: Entity[],
  options: {
    notifications?: JsonObject;
    /** Which of the notifications and signals backends are "installed". */
    install?: Array<'notifications' | 'signals'>;
    send?: (options: NotificationSendOptions) => Promise<void>;
  } = {},
) {
  const recorded: Recorded = { sent: [], signals: [], logs: [] };
  const logger = recordingLogger();
  recorded.logs = logger.lines;
  const backend = await startTestBackend({
    features: [
      periskopPlugin,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      changingCatalogFactory({ entities }),
      logger.factory,
      mockServices.rootConfig.factory({
        data: {
          periskop: {
            schedule: {
              frequency: { seconds: 1 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 0 },
            },
            ...(options.notifications
              ? { notifications: options.notifications }
              : {}),
          },
        },
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (sendOptions: NotificationSendOptions) => {
            recorded.sent.push(sendOptions);
            await options.send?.(sendOptions);
          },
        }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload<any>) =>
            void recorded.signals.push(signal),
        }),
      }),
      ...(options.install ?? ['notifications', 'signals']).map(installed),
    ],
  });
  return { backend, recorded };
}

/**
 * Runs `test` against the plugin scraping one instrumented service as the
 * entity `api`, and stops both afterwards.
 */
async function withScrapedApi(
  databaseId: TestDatabaseId,
  options: Parameters<typeof startBackend>[2],
  test: (context: {
    knex: Knex;
    service: Awaited<ReturnType<typeof startInstrumentedService>>;
    backend: Awaited<ReturnType<typeof startBackend>>['backend'];
    recorded: Recorded;
  }) => Promise<void>,
): Promise<void> {
  const knex = await databases.init(databaseId);
  const service = await startInstrumentedService();
  const { backend, recorded } = await startBackend(
    knex,
    [componentEntity('api', { targets: service.url })],
    options,
  );
  try {
    await test({ knex, service, backend, recorded });
  } finally {
    await backend.stop();
    await service.stop();
  }
}

async function lastScrapeAt(knex: Knex): Promise<number> {
  const [row] = await knex('targets').max({ at: 'last_scrape_at' });
  return Number(row?.at ?? 0);
}

/**
 * Waits for `count` more scrape cycles to record their targets' health:
 * the cycle that was running when called has finished by then, and so has
 * what it told its observer (that comes before the next cycle starts).
 */
async function cyclesPass(knex: Knex, count = 2): Promise<void> {
  for (let i = 0; i < count; i++) {
    const before = await lastScrapeAt(knex);
    await waitUntil(async () => (await lastScrapeAt(knex)) > before);
  }
}

async function groupOf(knex: Knex, errorClass: string) {
  const row = await knex('error_groups')
    .where({ entity_ref: API, error_class: errorClass })
    .first();
  return row && { ...row, id: Number(row.id) };
}

function entitySignals(recorded: Recorded, entityRef: string) {
  return recorded.signals.filter(s =>
    (s.message as { entityRefs: string[] }).entityRefs.includes(entityRef),
  );
}

describe('notifications and live-update signals of the periskop backend plugin', () => {
  it.each(databases.eachSupportedId())(
    'notifies the owners once about a new error and once about its regression, and signals every change, on %p',
    async databaseId => {
      await withScrapedApi(
        databaseId,
        { notifications: { quietPeriod: { milliseconds: 1 } } },
        async ({ knex, service, backend, recorded }) => {
          expect(recorded.logs).toContainEqual({
            level: 'info',
            message: expect.stringMatching(
              /^Periskop notifications are on: new and regressed errors/,
            ),
          });
          // pages are told that they may wait for signals
          const health = await request(backend.server).get(
            '/api/periskop/health',
          );
          expect(health.body).toMatchObject({ liveUpdates: true });
          for (let i = 0; i < 3; i++) {
            service.collector.report(
              new TypeError('x is undefined'),
              TYPE_ERROR,
            );
          }
          await waitUntil(async () => recorded.sent.length >= 1);
          await cyclesPass(knex);
          const group = await groupOf(knex, 'TypeError');
          expect(recorded.sent).toEqual([
            {
              recipients: { type: 'entity', entityRef: API },
              payload: {
                title: 'New error in api: TypeError',
                description: 'x is undefined — 3 occurrences so far.',
                link: `/catalog/default/component/api/errors?errorId=${group.id}`,
                severity: 'high',
                topic: API,
                scope: `periskop:error:${group.id}`,
                metadata: {
                  errorId: String(group.id),
                  entityRef: API,
                  event: 'new',
                  severity: 'error',
                },
              },
            },
          ]);
          // the cycle that counted them said so; cycles that changed nothing did not
          expect(recorded.signals).toEqual([
            {
              recipients: { type: 'broadcast' },
              channel: 'periskop:errors',
              message: { entityRefs: [API] },
            },
          ]);

          const resolved = await request(backend.server)
            .post(`/api/periskop/errors/${group.id}/resolve`)
            .set('Authorization', mockCredentials.user.header(OWNER));
          expect(resolved.status).toBe(200);
          await waitUntil(
            async () => entitySignals(recorded, API).length === 2,
          );

          service.collector.report(new TypeError('x is undefined'), TYPE_ERROR);
          await waitUntil(async () => recorded.sent.length >= 2);
          await cyclesPass(knex);
          expect(recorded.sent).toHaveLength(2);
          expect(recorded.sent[1].payload).toMatchObject({
            title: 'Error regressed in api: TypeError',
            description: `x is undefined — 1 new occurrence after it was resolved by ${OWNER}; 4 in total.`,
            // the same scope: the owners' notification is updated, not repeated
            scope: `periskop:error:${group.id}`,
            link: `/catalog/default/component/api/errors?errorId=${group.id}`,
          });
          expect(entitySignals(recorded, API)).toHaveLength(3);

          // more occurrences of an open error are no news
          service.collector.report(new TypeError('x is undefined'), TYPE_ERROR);
          await waitUntil(
            async () => entitySignals(recorded, API).length === 4,
          );
          await cyclesPass(knex);
          expect(recorded.sent).toHaveLength(2);
        },
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'sends nothing below the minimum severity, nor within the quiet period, on %p',
    async databaseId => {
      await withScrapedApi(
        databaseId,
        { notifications: { minSeverity: 'error' } },
        async ({ knex, service, backend, recorded }) => {
          service.collector.report(new RangeError('too far'), RANGE_ERROR);
          service.collector.report(new SyntaxError('odd input'), {
            severity: 'warning',
            aggregationKey: 'SyntaxError@input',
          });
          await waitUntil(async () => recorded.sent.length >= 1);
          await cyclesPass(knex);
          expect(recorded.sent.map(s => s.payload.title)).toEqual([
            'New error in api: RangeError',
          ]);
          const warning = await groupOf(knex, 'SyntaxError');
          expect(Number(warning.total_count)).toBe(1);
          expect(warning.notified_at).toBeNull();

          // resolved (through the Periskop-compatible API, which signals
          // too) and back within the default quiet period (an hour)
          const rangeError = await groupOf(knex, 'RangeError');
          const signalled = entitySignals(recorded, API).length;
          await request(backend.server)
            .delete(
              '/api/periskop/compat/services/api/errors/RangeError%40pay/',
            )
            .set('Authorization', mockCredentials.user.header(OWNER))
            .expect(204);
          expect((await groupOf(knex, 'RangeError')).status).toBe('resolved');
          await waitUntil(
            async () => entitySignals(recorded, API).length === signalled + 1,
          );
          service.collector.report(new RangeError('too far'), RANGE_ERROR);
          await waitUntil(async () =>
            Boolean((await groupOf(knex, 'RangeError')).regressed),
          );
          await cyclesPass(knex);
          expect(recorded.sent).toHaveLength(1);
          expect(Number((await groupOf(knex, 'RangeError')).notified_at)).toBe(
            Number(rangeError.notified_at),
          );
        },
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps scraping when the notification service throws, and logs it, on %p',
    async databaseId => {
      await withScrapedApi(
        databaseId,
        {
          send: async () => {
            throw new Error('Request failed with status 502');
          },
        },
        async ({ knex, service, recorded }) => {
          for (let i = 0; i < 2; i++) {
            service.collector.report(
              new TypeError('x is undefined'),
              TYPE_ERROR,
            );
          }
          await waitUntil(async () => recorded.sent.length >= 1);
          await cyclesPass(knex);
          const group = await groupOf(knex, 'TypeError');
          expect(Number(group.total_count)).toBe(2);
          const target = await knex('targets').first();
          expect(Boolean(target.up)).toBe(true);
          expect(target.last_error).toBeNull();
          expect(recorded.logs).toContainEqual({
            level: 'warn',
            message:
              'Failed to send 1 of 1 Periskop notification(s): Error: Request failed with status 502',
          });
          // later occurrences are counted as before
          service.collector.report(new TypeError('x is undefined'), TYPE_ERROR);
          await waitUntil(
            async () =>
              Number((await groupOf(knex, 'TypeError')).total_count) === 3,
          );
        },
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'notifies about a new error of a push, once, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { backend, recorded } = await startBackend(knex, [
        componentEntity('nightly', { serviceName: 'nightly-report' }),
      ]);
      try {
        const collector = new ErrorCollector();
        const fail = () =>
          collector.report(new Error('supplier file missing'), {
            aggregationKey: 'Error@supplier',
          });
        fail();
        const push = () =>
          request(backend.server)
            .post(
              '/api/periskop/entities/default/component/nightly/push/errors',
            )
            .set('Authorization', mockCredentials.service.header())
            .set('Content-Type', 'application/json')
            .send(new ErrorExporter(collector).export())
            .expect(200);
        await push();
        await waitUntil(async () => recorded.sent.length >= 1);
        await push(); // the same snapshot again counts nothing
        fail();
        await push();
        await waitUntil(
          async () =>
            entitySignals(recorded, 'component:default/nightly').length === 2,
        );
        expect(recorded.sent).toHaveLength(1);
        expect(recorded.sent[0]).toMatchObject({
          recipients: {
            type: 'entity',
            entityRef: 'component:default/nightly',
          },
          payload: {
            title: 'New error in nightly: Error',
            severity: 'high',
            scope: expect.stringMatching(/^periskop:error:\d+$/),
            link: expect.stringMatching(
              /^\/catalog\/default\/component\/nightly\/errors\?errorId=\d+$/,
            ),
          },
        });
      } finally {
        await backend.stop();
      }
    },
  );

  it('sends nothing, and says so once, when the notifications and signals backends are not installed', async () => {
    await withScrapedApi(
      'SQLITE_3',
      { install: [] },
      async ({ knex, service, backend, recorded }) => {
        service.collector.report(new TypeError('x is undefined'), TYPE_ERROR);
        await waitUntil(async () => Boolean(await groupOf(knex, 'TypeError')));
        await cyclesPass(knex);
        expect(recorded.sent).toEqual([]);
        expect(recorded.signals).toEqual([]);
        // so pages are told to refresh at the scrape interval
        const health = await request(backend.server).get(
          '/api/periskop/health',
        );
        expect(health.body).toMatchObject({ liveUpdates: false });
        expect(
          recorded.logs.filter(l =>
            l.message.startsWith('Periskop notifications'),
          ),
        ).toEqual([
          {
            level: 'info',
            message: expect.stringMatching(
              /^Periskop notifications are off: the notifications backend \(@backstage\/plugin-notifications-backend\) is not installed/,
            ),
          },
        ]);
      },
    );
  });
});
