import {
  GROUP_COLUMNS,
  GroupRow,
  RESOLUTIONS,
  toStoredGroup,
} from '../../tables';
import { EntityErrorSummary, SeriesWindow } from '../../types';
import { integer } from '../../sql/sqlValues';
import { StoreDatabase } from '../../sql/StoreDatabase';
import {
  entityCounts,
  getEntityAggregates,
} from '../overview/getEntityAggregates';
import { missingEntity } from '../entities/missingEntities';
import { getSparklines } from '../series/getSparklines';

/**
 * What the errors card of one entity shows, exact at any number of groups:
 * the entity's aggregates over `window` (the same statement the overview
 * runs), and its `top` open groups ranked in SQL by their occurrences in
 * the window (ties, and groups without a recent occurrence, by the most
 * recently seen), each with its sparkline over `window`.
 */
export async function getErrorSummary(
  db: StoreDatabase,
  options: { entityRef: string; window: SeriesWindow; top: number },
): Promise<EntityErrorSummary> {
  const { entityRef, window } = options;
  const from = integer(window.from, 'from');
  const to = integer(window.to, 'to');
  const top = integer(options.top, 'top');

  // occurrences per group in the window, from the (entity, time) index
  const recent = db
    .knex('occurrences')
    .select('group_id')
    .sum({ recent: 'count' })
    .where('entity_ref', entityRef)
    .whereIn('resolution', RESOLUTIONS)
    .andWhere('bucket_start', '>=', from)
    .andWhere('bucket_start', '<', to)
    .groupBy('group_id')
    .as('o');
  const [aggregates, rows] = await Promise.all([
    getEntityAggregates(db, { from, to, entityRefs: [entityRef] }),
    top === 0
      ? Promise.resolve<GroupRow[]>([])
      : (db
          .knex('error_groups as g')
          .leftJoin(recent, 'o.group_id', 'g.id')
          .where('g.entity_ref', entityRef)
          .andWhere('g.status', 'open')
          .whereNotExists(missingEntity(db, entityRef))
          .select(GROUP_COLUMNS.map(column => `g.${column}`))
          .orderByRaw('COALESCE(o.recent, 0) DESC')
          .orderBy([
            { column: 'g.last_seen', order: 'desc' },
            { column: 'g.id', order: 'desc' },
          ])
          .limit(top) as Promise<GroupRow[]>),
  ]);
  const groups = rows.map(toStoredGroup);
  const sparklines = await getSparklines(db, {
    groupIds: groups.map(group => group.id),
    ...window,
  });
  return {
    ...entityCounts(aggregates[0]),
    top: groups.map(group => ({
      ...group,
      sparkline: sparklines.get(group.id) ?? [],
    })),
  };
}
