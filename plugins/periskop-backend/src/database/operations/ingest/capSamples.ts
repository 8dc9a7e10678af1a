import { sqlInteger } from '../../sql/sqlValues';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';

/**
 * Keeps the newest `samplesPerError` samples (by timestamp, then uuid) of
 * each group, in one statement that deletes, per group, the rows ordered
 * after the group's cut-off row (found by an index scan of
 * (group_id, timestamp) with LIMIT 1 OFFSET cap; none when the group is
 * within the cap). Every branch names its group_id, so the plan is index
 * scans whatever the table's statistics say (a window over
 * `group_id IN (…)` became a sequential scan of the whole table on a
 * PostgreSQL without statistics). The cut-off is selected from a derived
 * table because MySQL rejects a DELETE whose subquery reads the same
 * table directly; a derived table with LIMIT is materialised first.
 */
export async function capSamples(
  tx: StoreDatabase,
  groupIds: number[],
  samplesPerError: number,
): Promise<void> {
  const q = (identifier: string) => quote(tx, identifier);
  const offset = sqlInteger(samplesPerError);
  // MySQL has no OFFSET without LIMIT; a LIMIT of 1 is what we want anyway
  const branches = groupIds.map(id => {
    const group = sqlInteger(id);
    return `(${q('group_id')} = ${group} AND (${q('timestamp')}, ${q(
      'uuid',
    )}) <= (SELECT ${q('t')}, ${q('u')} FROM (SELECT ${q('timestamp')} AS ${q(
      't',
    )}, ${q('uuid')} AS ${q('u')} FROM ${q('samples')} WHERE ${q(
      'group_id',
    )} = ${group} ORDER BY ${q('timestamp')} DESC, ${q(
      'uuid',
    )} DESC LIMIT 1 OFFSET ${offset}) ${q('cutoff')}))`;
  });
  await tx.knex.raw(
    `DELETE FROM ${q('samples')} WHERE ${branches.join(' OR ')}`,
  );
}
