export { EntityPeriskopCard } from './EntityPeriskopCard';
export type { EntityPeriskopCardProps } from './EntityPeriskopCard';
