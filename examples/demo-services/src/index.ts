/**
 * Demo services that keep producing realistic errors and expose them in the
 * Periskop format with `@periskop-backstage/periskop-client`.
 *
 * @packageDocumentation
 */

export { startDemoServices } from './startDemoServices';
export type {
  StartDemoServicesOptions,
  RunningDemoService,
  RunningDemoServices,
} from './startDemoServices';
export { DemoInstance, DemoPortInUseError } from './instance';
export type { DemoInstanceOptions } from './instance';
export {
  demoServices,
  apiAuth,
  apiFeeds,
  payments,
  DEFAULT_BASE_PORT,
  DEFAULT_HOST,
  EXCEPTIONS_PATH,
  instancePort,
  targetUrls,
} from './services';
export { WEBHOOK_SIGNATURE_AGGREGATION_KEY } from './apps/payments';
export { demoOptionsFromEnv } from './env';
export { runDemoServicesCli } from './main';
export { createRandom } from './random';
export type { Random } from './random';
export * from './errors';
export type {
  BurstPattern,
  DemoRequest,
  DemoScenario,
  DemoServiceDefinition,
  DemoSeverity,
  ScenarioContext,
} from './types';
