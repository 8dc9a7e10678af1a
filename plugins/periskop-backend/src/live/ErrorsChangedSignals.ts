import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  PERISKOP_ERRORS_SIGNAL_CHANNEL,
  PeriskopErrorsSignal,
} from '@periskop-backstage/plugin-periskop-common';

/** Entity refs per signal message: a cycle over a large fleet sends a few messages, not one huge one. */
export const ENTITY_REFS_PER_SIGNAL = 200;

/**
 * Announces on {@link PERISKOP_ERRORS_SIGNAL_CHANNEL} that the errors of
 * some entities changed. Broadcast, with entity refs only: whoever shows
 * one of them fetches again through the API, which checks what the reader
 * may see, so nothing leaks through the signal. Never throws; a failed
 * publish is logged (pages then catch up at their next refresh).
 */
export class ErrorsChangedSignals {
  constructor(
    private readonly options: {
      signals: Pick<SignalsService, 'publish'>;
      logger: LoggerService;
    },
  ) {}

  async publish(entityRefs: Iterable<string>): Promise<void> {
    const refs = [...new Set(entityRefs)].sort();
    for (let i = 0; i < refs.length; i += ENTITY_REFS_PER_SIGNAL) {
      const message: PeriskopErrorsSignal = {
        entityRefs: refs.slice(i, i + ENTITY_REFS_PER_SIGNAL),
      };
      try {
        await this.options.signals.publish<PeriskopErrorsSignal>({
          recipients: { type: 'broadcast' },
          channel: PERISKOP_ERRORS_SIGNAL_CHANNEL,
          message,
        });
      } catch (error) {
        this.options.logger.warn(
          `Failed to publish the Periskop live-update signal for ${refs.length} entities: ${error}`,
        );
        return;
      }
    }
  }
}
