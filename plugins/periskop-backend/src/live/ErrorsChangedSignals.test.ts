import { mockServices } from '@backstage/backend-test-utils';
import {
  ENTITY_REFS_PER_SIGNAL,
  ErrorsChangedSignals,
} from './ErrorsChangedSignals';

describe('ErrorsChangedSignals', () => {
  it('broadcasts the distinct entity refs, in messages of bounded size, and nothing for none', async () => {
    const publish = jest.fn(async () => {});
    const signals = new ErrorsChangedSignals({
      signals: { publish },
      logger: mockServices.logger.mock(),
    });
    await signals.publish([]);
    expect(publish).not.toHaveBeenCalled();

    const refs = Array.from(
      { length: ENTITY_REFS_PER_SIGNAL + 1 },
      (_, i) => `component:default/svc-${String(i).padStart(3, '0')}`,
    );
    await signals.publish([...refs, refs[0]]);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(
      publish.mock.calls.flatMap((call: any[]) => call[0].message.entityRefs),
    ).toEqual(refs);
    expect(publish.mock.calls[0]).toEqual([
      expect.objectContaining({
        recipients: { type: 'broadcast' },
        channel: 'periskop:errors',
      }),
    ]);
  });

  it('logs a failed publish instead of throwing', async () => {
    const logger = mockServices.logger.mock();
    const signals = new ErrorsChangedSignals({
      signals: {
        publish: async () => {
          throw new Error('events backend gone');
        },
      },
      logger,
    });
    await expect(
      signals.publish(['component:default/a']),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('events backend gone'),
    );
  });
});
