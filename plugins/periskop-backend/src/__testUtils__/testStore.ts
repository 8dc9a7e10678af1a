import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DEFAULT_SAMPLES_PER_ERROR } from '../config/defaults';
import {
  createPeriskopStores,
  ErrorReadStore,
  GroupLimits,
  IngestStore,
  MaintenanceStore,
  NotificationStore,
  StoredErrorGroup,
  TriageStore,
} from '../database';
import {
  GROUP_COLUMNS,
  GroupRow,
  toNumber,
  toStoredGroup,
} from '../database/tables';
import { listInstanceCounts } from '../database/operations/errors/listInstanceCounts';
import { listSamples } from '../database/operations/errors/listSamples';
import { getSparklines } from '../database/operations/series/getSparklines';
import { detectDialect, StoreDatabase } from '../database/sql/StoreDatabase';

/**
 * Every store over one test database in one object, so that a test can
 * write through the ingest and read what the API reads, plus the
 * operations and raw reads that only tests need.
 */
export type TestStore = IngestStore &
  ErrorReadStore &
  TriageStore &
  MaintenanceStore &
  NotificationStore & {
    listSamples: (groupId: number) => ReturnType<typeof listSamples>;
    listInstanceCounts: (
      groupId: number,
    ) => ReturnType<typeof listInstanceCounts>;
    getSparklines: (
      options: Parameters<typeof getSparklines>[1],
    ) => ReturnType<typeof getSparklines>;
    /** Every group of an entity, newest last seen first. */
    listErrorGroups: (entityRef: string) => Promise<StoredErrorGroup[]>;
    /** The stored occurrence buckets of a group in [from, to), summed per start. */
    listOccurrences: (options: {
      groupId: number;
      from: number;
      to: number;
    }) => Promise<Array<{ time: number; count: number }>>;
  };

/** The stores of the plugin on `database`, migrated unless told otherwise. */
export async function createTestStore(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
  samplesPerError?: number;
  limits?: GroupLimits;
}): Promise<TestStore> {
  const stores = await createPeriskopStores({
    samplesPerError: DEFAULT_SAMPLES_PER_ERROR,
    ...options,
  });
  const knex = await options.database.getClient();
  const db: StoreDatabase = { knex, dialect: detectDialect(knex) };
  return {
    ...stores.ingest,
    ...stores.reads,
    ...stores.triage,
    ...stores.maintenance,
    ...stores.notifications,
    listSamples: groupId => listSamples(db, groupId),
    listInstanceCounts: groupId => listInstanceCounts(db, groupId),
    getSparklines: window => getSparklines(db, window),
    listErrorGroups: entityRef => listErrorGroups(knex, entityRef),
    listOccurrences: range => listOccurrences(knex, range),
  };
}

async function listErrorGroups(
  knex: Knex,
  entityRef: string,
): Promise<StoredErrorGroup[]> {
  const rows: GroupRow[] = await knex<GroupRow>('error_groups')
    .select(...GROUP_COLUMNS)
    .where('entity_ref', entityRef)
    .orderBy([
      { column: 'last_seen', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  return rows.map(toStoredGroup);
}

async function listOccurrences(
  knex: Knex,
  options: { groupId: number; from: number; to: number },
): Promise<Array<{ time: number; count: number }>> {
  const rows = (await knex('occurrences')
    .select('bucket_start')
    .sum({ count: 'count' })
    .where('group_id', options.groupId)
    .andWhere('bucket_start', '>=', options.from)
    .andWhere('bucket_start', '<', options.to)
    .groupBy('bucket_start')
    .orderBy('bucket_start')) as Array<{
    bucket_start: string | number;
    count: string | number;
  }>;
  return rows.map(row => ({
    time: toNumber(row.bucket_start),
    count: toNumber(row.count),
  }));
}
