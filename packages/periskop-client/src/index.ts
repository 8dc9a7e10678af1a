/**
 * A Periskop client library for Node.js: collect and aggregate the errors of
 * a service in memory and expose them in the Periskop exchange format, on an
 * HTTP endpoint for Periskop (or Periskop for Backstage) to scrape, or pushed
 * to a Periskop push gateway.
 *
 * @remarks
 * The equivalent of periskop-go, periskop-python and periskop-ruby. No
 * runtime dependencies beyond Node.js built-ins.
 *
 * @packageDocumentation
 */

export { ErrorCollector, DEFAULT_MAX_SAMPLES_PER_KEY } from './ErrorCollector';
export type { ErrorCollectorOptions, ReportOptions } from './ErrorCollector';
export { ErrorExporter } from './ErrorExporter';
export { createPeriskopRequestHandler } from './requestHandler';
export type { PeriskopResponseLike } from './requestHandler';
export { createPeriskopExpressHandler } from './expressHandler';
export type {
  PeriskopExpressHandler,
  PeriskopRequestLike,
} from './expressHandler';
export { pushToGateway, PushGatewayError } from './pushToGateway';
export type { PushToGatewayOptions } from './pushToGateway';
export { httpContextFromRequest } from './httpContextFromRequest';
export type {
  HttpContextFromRequestOptions,
  RequestLike,
} from './httpContextFromRequest';
export {
  computeAggregationKey,
  AGGREGATION_KEY_FRAMES,
} from './aggregationKey';
export {
  toErrorInstance,
  parseStackTrace,
  MAX_CAUSE_DEPTH,
} from './errorInstance';
export type {
  AggregatedError,
  ErrorInstance,
  ErrorOccurrence,
  HttpContext,
  Severity,
} from './types';
export type {
  WireAggregatedError,
  WireErrorInstance,
  WireErrorWithContext,
  WireHttpContext,
  WirePayload,
} from './wire';
