import type { PayloadWarning } from './types';

/** Collects the warnings of one parse; the validators add to it. */
export class WarningCollector {
  readonly warnings: PayloadWarning[] = [];

  add(path: string, reason: string): void {
    this.warnings.push({ path, reason });
  }
}
