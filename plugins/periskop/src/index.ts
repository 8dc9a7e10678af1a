/**
 * The Periskop frontend plugin for Backstage: an Errors tab and an errors
 * card on entity pages and an org-wide errors overview page, backed by the
 * Periskop backend plugin.
 *
 * The default export is the plugin for the new frontend system (also at
 * `@periskop-backstage/plugin-periskop/alpha`); the named exports serve apps
 * on the legacy frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha';
export {
  periskopPlugin,
  EntityPeriskopContent,
  EntityPeriskopCard,
  PeriskopOverviewPage,
} from './plugin';
export type { EntityPeriskopCardProps } from './components/EntityPeriskopCard';
export { isPeriskopAvailable } from '@periskop-backstage/plugin-periskop-common';
export * from './api';
