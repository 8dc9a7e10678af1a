import { GroupUpdate } from '../../../aggregation/types';
import { integer, sqlInteger } from '../../sql/sqlValues';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';
import { ResolvedGroup } from './ResolvedGroup';

/**
 * One UPDATE for many groups (all with delta > 0), with per-row values in
 * CASE expressions, which every supported database understands: adds the
 * deltas atomically (another instance may add to the same group), widens
 * first/last seen, shows the newest sample's class, message and severity,
 * and reopens resolved groups as regressions.
 *
 * MySQL evaluates SET assignments left to right and lets later ones see
 * earlier results, while PostgreSQL and SQLite always see the old row, so
 * columns that others depend on (latest_sample_at, status) come last.
 */
export async function updateGroupTotals(
  tx: StoreDatabase,
  groups: readonly ResolvedGroup[],
  now: number,
): Promise<void> {
  if (groups.length === 0) {
    return;
  }
  const q = (identifier: string) => quote(tx, identifier);
  const bindings: string[] = [];
  const assignments: string[] = [];

  const withSample = groups.filter(g => g.update.latestSampleAt !== null);
  if (withSample.length > 0) {
    // the group shows the newest sample's class, message and severity
    const newer = (g: ResolvedGroup) =>
      `${q('latest_sample_at')} IS NULL OR ${q(
        'latest_sample_at',
      )} < ${sqlInteger(integer(g.update.latestSampleAt!, 'latestSampleAt'))}`;
    const textColumns: Array<[string, (u: GroupUpdate) => string]> = [
      ['severity', u => u.severity],
      ['error_class', u => u.errorClass],
      ['message', u => u.message],
      ['search_text', u => u.searchText],
    ];
    for (const [column, value] of textColumns) {
      const whens = withSample.map(g => {
        bindings.push(value(g.update));
        return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${newer(
          g,
        )} THEN ? ELSE ${q(column)} END`;
      });
      assignments.push(
        `${q(column)} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(
          column,
        )} END`,
      );
    }
    const whens = withSample.map(g => {
      const at = sqlInteger(
        integer(g.update.latestSampleAt!, 'latestSampleAt'),
      );
      return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${newer(
        g,
      )} THEN ${at} ELSE ${q('latest_sample_at')} END`;
    });
    assignments.push(
      `${q('latest_sample_at')} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(
        'latest_sample_at',
      )} END`,
    );
  }

  // atomic increment: another instance may be adding to the same group
  assignments.push(
    `${q('total_count')} = ${q('total_count')} + CASE ${q('id')} ${groups
      .map(
        g =>
          `WHEN ${sqlInteger(g.id)} THEN ${sqlInteger(
            integer(g.update.delta, 'delta'),
          )}`,
      )
      .join(' ')} ELSE 0 END`,
  );
  assignments.push(
    `${q('first_seen')} = CASE ${q('id')} ${groups
      .map(g => {
        const at = sqlInteger(integer(g.update.firstSeen, 'firstSeen'));
        return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${q(
          'first_seen',
        )} > ${at} THEN ${at} ELSE ${q('first_seen')} END`;
      })
      .join(' ')} ELSE ${q('first_seen')} END`,
  );
  assignments.push(
    `${q('last_seen')} = CASE ${q('id')} ${groups
      .map(g => {
        const at = sqlInteger(integer(g.update.lastSeen, 'lastSeen'));
        return `WHEN ${sqlInteger(g.id)} THEN CASE WHEN ${q(
          'last_seen',
        )} < ${at} THEN ${at} ELSE ${q('last_seen')} END`;
      })
      .join(' ')} ELSE ${q('last_seen')} END`,
  );
  // A new occurrence after a resolve reopens the group as a regression;
  // resolved_at and resolved_by stay for the history. These read status,
  // so they precede its assignment (MySQL order of evaluation).
  const resolved = `${q('status')} = 'resolved'`;
  assignments.push(
    `${q('regressed_at')} = CASE WHEN ${resolved} THEN ${sqlInteger(
      now,
    )} ELSE ${q('regressed_at')} END`,
  );
  assignments.push(
    `${q('regressed')} = CASE WHEN ${resolved} THEN TRUE ELSE ${q(
      'regressed',
    )} END`,
  );
  assignments.push(`${q('status')} = 'open'`);

  const idList = groups.map(g => sqlInteger(g.id)).join(', ');
  await tx.knex.raw(
    `UPDATE ${q('error_groups')} SET ${assignments.join(', ')} WHERE ${q(
      'id',
    )} IN (${idList})`,
    bindings,
  );
}
