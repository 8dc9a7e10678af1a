export { ErrorDetailsDrawer } from './ErrorDetailsDrawer';
export type { ErrorDetailsDrawerProps } from './ErrorDetailsDrawer';
