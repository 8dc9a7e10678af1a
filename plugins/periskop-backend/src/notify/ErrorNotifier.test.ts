import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { GroupTransition, NotificationStore } from '../database';
import { ErrorNotifier, NOTIFICATION_SEND_TIMEOUT_MS } from './ErrorNotifier';

const SETTINGS = {
  enabled: undefined,
  minSeverity: 'warning' as const,
  events: ['new' as const, 'regressed' as const],
  quietPeriodMs: 3_600_000,
};

function transition(groupId: number): GroupTransition {
  return {
    kind: 'new',
    groupId,
    entityRef: `component:default/svc-${groupId}`,
    aggregationKey: 'TypeError@x',
    errorClass: 'TypeError',
    message: 'x',
    severity: 'error',
    newOccurrences: 1,
    totalCount: 1,
    resolvedBy: null,
  };
}

/** Claims like the database does: once per group and quiet period. */
function memoryStore(): NotificationStore & {
  notifiedAt: Map<number, number>;
} {
  const notifiedAt = new Map<number, number>();
  return {
    notifiedAt,
    async claimNotifications(ids, { now, quietPeriodMs }) {
      return ids.filter(id => {
        const at = notifiedAt.get(id);
        if (at !== undefined && at > now - quietPeriodMs) return false;
        notifiedAt.set(id, now);
        return true;
      });
    },
  };
}

describe('ErrorNotifier', () => {
  afterEach(() => jest.useRealTimers());

  it('sends what the settings select, once per quiet period', async () => {
    const sent: NotificationSendOptions[] = [];
    let now = 1_000_000;
    const notifier = new ErrorNotifier({
      notifications: { send: async options => void sent.push(options) },
      store: memoryStore(),
      settings: SETTINGS,
      logger: mockServices.logger.mock(),
      now: () => now,
    });
    await notifier.notify([
      transition(1),
      { ...transition(2), severity: 'info' },
    ]);
    expect(sent.map(s => s.payload.scope)).toEqual(['periskop:error:1']);

    now += 60_000;
    await notifier.notify([{ ...transition(1), kind: 'regressed' }]);
    expect(sent).toHaveLength(1);

    now += SETTINGS.quietPeriodMs;
    await notifier.notify([{ ...transition(1), kind: 'regressed' }]);
    expect(sent.map(s => s.payload.title)).toEqual([
      'New error in svc-1: TypeError',
      'Error regressed in svc-1: TypeError',
    ]);
  });

  it('never throws, and logs failed sends once a minute with how many failed meanwhile', async () => {
    const logger = mockServices.logger.mock();
    let now = 1_000_000;
    let calls = 0;
    const notifier = new ErrorNotifier({
      notifications: {
        send: async () => {
          calls += 1;
          throw new Error('Request failed with status 503');
        },
      },
      store: memoryStore(),
      settings: SETTINGS,
      logger,
      now: () => now,
    });
    await expect(
      notifier.notify([transition(1), transition(2)]),
    ).resolves.toBeUndefined();
    expect(calls).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenLastCalledWith(
      'Failed to send 2 of 2 Periskop notification(s): Error: Request failed with status 503',
    );

    now += 1000;
    await notifier.notify([transition(3)]);
    expect(logger.warn).toHaveBeenCalledTimes(1);

    now += 60_000;
    await notifier.notify([transition(4)]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenLastCalledWith(
      'Failed to send 1 of 1 Periskop notification(s); 1 more failed since the last such line: Error: Request failed with status 503',
    );
  });

  it('gives a batch one deadline, so a backend that never answers cannot hold a scrape cycle', async () => {
    jest.useFakeTimers();
    const logger = mockServices.logger.mock();
    let started = 0;
    const notifier = new ErrorNotifier({
      notifications: {
        send: () => {
          started += 1;
          return new Promise<void>(() => {});
        },
      },
      store: memoryStore(),
      settings: SETTINGS,
      logger,
      now: () => 1_000_000,
    });
    const done = notifier.notify(
      Array.from({ length: 20 }, (_, i) => transition(i + 1)),
    );
    await jest.advanceTimersByTimeAsync(NOTIFICATION_SEND_TIMEOUT_MS);
    await expect(done).resolves.toBeUndefined();
    // four at a time: the first four hang, the rest are never started
    expect(started).toBe(4);
    expect(logger.warn).toHaveBeenCalledWith(
      `Failed to send 20 of 20 Periskop notification(s): Error: no answer within ${NOTIFICATION_SEND_TIMEOUT_MS} ms`,
    );
  });

  it('sends nothing when the claim fails, and says so', async () => {
    const logger = mockServices.logger.mock();
    const send = jest.fn();
    const notifier = new ErrorNotifier({
      notifications: { send },
      store: {
        claimNotifications: async () => {
          throw new Error('database is down');
        },
      },
      settings: SETTINGS,
      logger,
    });
    await notifier.notify([transition(1)]);
    expect(send).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('database is down'),
    );
  });
});
