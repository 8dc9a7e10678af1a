import { StoredErrorDetails, StoredErrorGroup } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { listInstanceCounts } from './listInstanceCounts';
import { listSamples } from './listSamples';

/**
 * A group's samples (newest first) and per-instance counts, side by side.
 * Takes the group rather than its id: the caller has read it already, to
 * authorize on its entity.
 */
export async function getErrorDetails(
  db: StoreDatabase,
  group: StoredErrorGroup,
): Promise<StoredErrorDetails> {
  const [samples, instances] = await Promise.all([
    listSamples(db, group.id),
    listInstanceCounts(db, group.id),
  ]);
  return { group, samples, instances };
}
