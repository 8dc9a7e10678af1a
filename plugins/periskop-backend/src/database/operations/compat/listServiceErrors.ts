import { GROUP_COLUMNS, GroupRow, toStoredGroup } from '../../tables';
import { StoredErrorGroup } from '../../types';
import { quote, StoreDatabase } from '../../sql/StoreDatabase';
import { notMissingEntitySql } from '../entities/missingEntities';
import { listNewestSamples, NewestSample } from './listNewestSamples';

/** An open group with its newest samples, as the Periskop-compatible API lists it. */
export type ServiceErrorGroup = StoredErrorGroup & {
  /** Newest first, at most the number asked for. */
  samples: NewestSample[];
};

/**
 * The open groups of one entity (regressions included, resolved ones
 * not: Periskop lists only what is unresolved), newest last seen first,
 * each with its newest `samplesPerGroup` samples. One statement reads the
 * groups off the (entity_ref, status, last_seen, id) index, then
 * `listNewestSamples` reads the samples of all of them in a bounded number
 * of statements. Nothing for an entity missing from discovery.
 */
export async function listServiceErrors(
  db: StoreDatabase,
  options: { entityRef: string; samplesPerGroup: number },
): Promise<ServiceErrorGroup[]> {
  const rows: GroupRow[] = await db
    .knex('error_groups as g')
    .select(GROUP_COLUMNS.map(column => `g.${column}`))
    .where('g.entity_ref', options.entityRef)
    .andWhere('g.status', 'open')
    .whereRaw(
      notMissingEntitySql(db, `${quote(db, 'g')}.${quote(db, 'entity_ref')}`),
    )
    .orderBy([
      { column: 'g.last_seen', order: 'desc' },
      { column: 'g.id', order: 'desc' },
    ]);
  const groups = rows.map(toStoredGroup);
  const samples = await listNewestSamples(
    db,
    groups.map(group => group.id),
    options.samplesPerGroup,
  );
  return groups.map(group => ({
    ...group,
    samples: samples.get(group.id) ?? [],
  }));
}
