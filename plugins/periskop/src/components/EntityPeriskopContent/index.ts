export { EntityPeriskopContent } from './EntityPeriskopContent';
