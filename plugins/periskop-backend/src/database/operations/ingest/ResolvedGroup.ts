import { GroupUpdate } from '../../../aggregation/types';

/** A group update together with the id of its row. */
export interface ResolvedGroup {
  id: number;
  update: GroupUpdate;
}
