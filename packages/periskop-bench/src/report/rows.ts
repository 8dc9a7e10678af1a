import { RowCounts, TABLES } from '../measure/RowCounter';

const SHORT: Record<string, string> = {
  error_groups: 'groups',
  instances: 'inst',
  instance_counters: 'counters',
  samples: 'samples',
  sample_contents: 'contents',
  occurrences: 'occ',
  entity_occurrences: 'entity occ',
  targets: 'targets',
};

/**
 * Row changes in one compact cell: `samples +5000 ~0 -0` per table with
 * changes (+ inserted, ~ updated, - deleted), in a fixed table order.
 */
export function describeRows(rows: RowCounts): string {
  const parts: string[] = [];
  for (const table of [
    ...TABLES,
    ...Object.keys(rows.tables).filter(t => !TABLES.includes(t as any)),
  ]) {
    const change = rows.tables[table];
    if (!change) continue;
    const bits = [
      change.inserted ? `+${change.inserted}` : '',
      change.updated ? `~${change.updated}` : '',
      change.deleted ? `-${change.deleted}` : '',
    ].filter(Boolean);
    parts.push(`${SHORT[table] ?? table} ${bits.join(' ')}`);
  }
  return parts.length ? parts.join(', ') : 'none';
}
