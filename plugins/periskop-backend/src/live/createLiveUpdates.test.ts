import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createLiveUpdates, decideNotifications } from './createLiveUpdates';
import { installedPlugins } from './installedPlugins';

const SETTINGS = {
  enabled: undefined,
  minSeverity: 'warning' as const,
  events: ['new' as const, 'regressed' as const],
  quietPeriodMs: 3_600_000,
};

describe('decideNotifications', () => {
  it('is on by default when the notifications backend is installed, and says what it sends', () => {
    expect(decideNotifications(SETTINGS, true)).toEqual({
      on: true,
      message:
        'Periskop notifications are on: new and regressed errors of severity warning or more, at most one per error every 1 hour',
    });
  });

  it('is off by default without the notifications backend, with one line that says how to turn it on', () => {
    expect(decideNotifications(SETTINGS, false)).toEqual({
      on: false,
      message: expect.stringMatching(
        /^Periskop notifications are off: the notifications backend \(@backstage\/plugin-notifications-backend\) is not installed; set periskop.notifications.enabled to true/,
      ),
    });
  });

  it('follows enabled when it is set', () => {
    expect(
      decideNotifications({ ...SETTINGS, enabled: false }, true),
    ).toMatchObject({ on: false });
    expect(
      decideNotifications(
        { ...SETTINGS, enabled: true, quietPeriodMs: 90_000 },
        false,
      ),
    ).toEqual({
      on: true,
      message: expect.stringContaining(
        'at most one per error every 90 seconds',
      ),
    });
  });
});

describe('installedPlugins', () => {
  it('lists the plugins of this backend and those discovery routes elsewhere', async () => {
    const ids = await installedPlugins({
      instanceMetadata: {
        getInstalledPlugins: async () => [
          { pluginId: 'periskop', modules: [] },
          { pluginId: 'catalog', modules: [] },
        ],
      },
      config: new ConfigReader({
        discovery: {
          endpoints: [
            {
              target: 'http://notify.internal/api/{{pluginId}}',
              plugins: ['notifications', 'signals'],
            },
          ],
        },
      }),
    });
    expect([...ids].sort()).toEqual([
      'catalog',
      'notifications',
      'periskop',
      'signals',
    ]);
  });
});

describe('createLiveUpdates', () => {
  const store = {
    claimNotifications: async (ids: readonly number[]) => [...ids],
  };

  it('logs the decision once and publishes signals only when the signals backend is there', async () => {
    const logger = mockServices.logger.mock();
    const publish = jest.fn(async () => {});
    const live = createLiveUpdates({
      settings: SETTINGS,
      store,
      logger,
      notifications: { send: jest.fn() },
      signals: { publish },
      installedPlugins: new Set(['periskop']),
    });
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Periskop notifications are off/),
    );
    await live.errorsChanged(['component:default/a']);
    expect(publish).not.toHaveBeenCalled();
    expect(live.publishesSignals).toBe(false);

    const withSignals = createLiveUpdates({
      settings: SETTINGS,
      store,
      logger,
      signals: { publish },
      installedPlugins: new Set(['periskop', 'signals']),
    });
    expect(withSignals.publishesSignals).toBe(true);
    await withSignals.errorsChanged(['component:default/a']);
    expect(publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'periskop:errors',
      message: { entityRefs: ['component:default/a'] },
    });
  });
});
