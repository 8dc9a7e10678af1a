import { describeValue } from './describeValue';
import type { PeriskopSeverity } from './types';
import type { WarningCollector } from './WarningCollector';

/**
 * Maps a client's severity to ours. `undefined` means "not given", `null`
 * means "given but not one we know".
 */
function toSeverity(value: unknown): PeriskopSeverity | undefined | null {
  // Fast path: every known client sends lower-case names.
  if (value === 'error' || value === 'warning' || value === 'info') {
    return value;
  }
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    return null;
  }
  const lower = value.trim().toLowerCase();
  if (lower === 'error' || lower === 'warning' || lower === 'info') {
    return lower;
  }
  return null;
}

/**
 * The severity at `path`, in any case; `fallback` when it is not given, and
 * also, with a warning naming it as `fallbackName`, when it is not one we
 * know (an odd severity is no reason to lose the item).
 */
export function parseSeverity(
  raw: unknown,
  path: string,
  fallback: PeriskopSeverity,
  fallbackName: string,
  collector: WarningCollector,
): PeriskopSeverity {
  const severity = toSeverity(raw);
  if (severity === null) {
    collector.add(
      path,
      `severity is ${describeValue(
        raw,
      )}, expected error, warning or info; using ${fallbackName}`,
    );
    return fallback;
  }
  return severity ?? fallback;
}
