import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';

/**
 * The notification severity of an error's severity, declared once. An
 * error is `high`, not `critical`: Periskop cannot tell an outage from a
 * bug, and `critical` is what users keep for outages (and what processors
 * that page someone filter on).
 */
export const NOTIFICATION_SEVERITY: Readonly<
  Record<PeriskopSeverity, NotificationSeverity>
> = {
  error: 'high',
  warning: 'normal',
  info: 'low',
};

/** Whether `severity` is `min` or more severe (`PERISKOP_SEVERITIES` is most severe first). */
export function isAtLeast(
  severity: PeriskopSeverity,
  min: PeriskopSeverity,
): boolean {
  return (
    PERISKOP_SEVERITIES.indexOf(severity) <= PERISKOP_SEVERITIES.indexOf(min)
  );
}

/** The most severe of some severities; `info` for none. */
export function mostSevere(
  severities: Iterable<PeriskopSeverity>,
): PeriskopSeverity {
  let most: PeriskopSeverity = 'info';
  for (const severity of severities) {
    if (isAtLeast(severity, most)) {
      most = severity;
    }
  }
  return most;
}
