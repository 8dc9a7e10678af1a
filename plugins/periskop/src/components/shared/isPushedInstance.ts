import { TargetHealth } from '@periskop-backstage/plugin-periskop-common';

/**
 * Whether a row of target health is an instance that pushed its errors
 * (origin `push`) rather than a scrape target. Pushed instances are never
 * "down": a batch job that finished simply stops pushing. A backend older
 * than push sends no origin; its rows are all scrape targets.
 */
export function isPushedInstance(target: TargetHealth): boolean {
  return target.origin === 'push';
}
