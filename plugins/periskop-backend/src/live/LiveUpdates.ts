import type { ErrorNotifier } from '../notify/ErrorNotifier';
import type { ErrorsChangedSignals } from './ErrorsChangedSignals';
import { IngestObserver, IngestReport, isEmptyReport } from './IngestObserver';

/**
 * What happens when stored errors change: the owners are notified about
 * new and regressed errors, and open pages are signalled to refetch. Each
 * part is optional (off by configuration, not installed, or not wanted by
 * the benchmark and the tests that build the plugin without them).
 */
export class LiveUpdates implements IngestObserver {
  constructor(
    private readonly parts: {
      notifier?: ErrorNotifier;
      signals?: ErrorsChangedSignals;
    },
  ) {}

  /**
   * Whether changes are announced on the signals channel: only then may
   * pages wait for a signal instead of refreshing at the scrape interval
   * (told to them by `GET /health`).
   */
  get publishesSignals(): boolean {
    return this.parts.signals !== undefined;
  }

  async afterIngest(report: IngestReport): Promise<void> {
    if (isEmptyReport(report)) {
      return;
    }
    await Promise.all([
      this.parts.signals?.publish(report.changedEntityRefs),
      this.parts.notifier?.notify(report.transitions),
    ]);
  }

  /** After a resolve or unresolve: the entity's errors changed without a scrape. */
  async errorsChanged(entityRefs: readonly string[]): Promise<void> {
    await this.parts.signals?.publish(entityRefs);
  }
}
