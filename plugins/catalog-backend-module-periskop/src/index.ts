/**
 * Catalog backend module for Periskop for Backstage: checks the
 * `periskop.io/targets` and `periskop.io/service-name` annotations where
 * catalog problems are shown.
 *
 * @packageDocumentation
 */
export { catalogModulePeriskop as default } from './module';
