/**
 * The Periskop backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { periskopPlugin as default } from './plugin';
