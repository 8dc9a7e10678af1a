export { periskopApiRef } from './PeriskopApi';
export type { PeriskopApi, PeriskopBackendHealth } from './PeriskopApi';
export { PeriskopClient } from './PeriskopClient';
