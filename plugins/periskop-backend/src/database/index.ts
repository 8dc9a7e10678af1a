export * from './ErrorStore';
export { KnexErrorStore } from './KnexErrorStore';
