/**
 * Isomorphic code shared by the Periskop plugins for Backstage: the types of
 * the Periskop client exchange format and a lenient parser for it, the
 * catalog annotations and their parser, the types of the plugin's HTTP API,
 * and its permissions.
 *
 * @packageDocumentation
 */

export * from './payload';
export * from './annotations';
export * from './api';
export * from './permissions';
