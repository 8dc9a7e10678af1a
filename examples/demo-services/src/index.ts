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
export { DemoJob } from './job';
export type { DemoJobOptions, DemoJobRun } from './job';
export { describePushFailure, PushFailureLog } from './pushFailures';
export type { PushFailure } from './pushFailures';
export {
  demoServices,
  demoJobs,
  apiAuth,
  apiFeeds,
  nightlyImport,
  payments,
  DEFAULT_BACKEND_URL,
  DEFAULT_BASE_PORT,
  DEFAULT_HOST,
  DEFAULT_PUSH_TOKEN,
  EXCEPTIONS_PATH,
  instancePort,
  jobPushUrl,
  targetUrls,
} from './services';
export { WEBHOOK_SIGNATURE_AGGREGATION_KEY } from './apps/payments';
export { CSV_ROW_AGGREGATION_KEY } from './apps/nightlyImport';
export { demoOptionsFromEnv } from './env';
export { runDemoServicesCli } from './main';
export { createRandom } from './random';
export type { Random } from './random';
export * from './errors';
export type {
  BurstPattern,
  DemoRequest,
  DemoScenario,
  DemoJobDefinition,
  DemoServiceDefinition,
  DemoSeverity,
  JobRunContext,
  ScenarioContext,
} from './types';
