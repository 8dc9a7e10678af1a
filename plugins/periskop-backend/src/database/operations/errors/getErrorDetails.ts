import { StoredErrorDetails } from '../../types';
import { StoreDatabase } from '../../sql/StoreDatabase';
import { getErrorGroup } from './getErrorGroup';
import { listInstanceCounts } from './listInstanceCounts';
import { listSamples } from './listSamples';

/** A group with its samples (newest first) and per-instance counts, or undefined. */
export async function getErrorDetails(
  db: StoreDatabase,
  id: number,
): Promise<StoredErrorDetails | undefined> {
  const group = await getErrorGroup(db, id);
  if (!group) {
    return undefined;
  }
  const [samples, instances] = await Promise.all([
    listSamples(db, group.id),
    listInstanceCounts(db, group.id),
  ]);
  return { group, samples, instances };
}
