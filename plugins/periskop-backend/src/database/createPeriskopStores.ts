import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { KnownContents } from './operations/ingest/KnownContents';
import { applyInstanceScrape } from './operations/ingest/applyInstanceScrape';
import { getErrorDetails } from './operations/errors/getErrorDetails';
import { getErrorGroup } from './operations/errors/getErrorGroup';
import { getErrorSummary } from './operations/errors/getErrorSummary';
import { queryErrorGroups } from './operations/errors/queryErrorGroups';
import { runRetention } from './operations/maintenance/runRetention';
import { getEntityAggregates } from './operations/overview/getEntityAggregates';
import { getOccurrenceSeries } from './operations/series/getOccurrenceSeries';
import { listScrapeStates } from './operations/targets/listScrapeStates';
import { listTargets } from './operations/targets/listTargets';
import { recordTargetHealth } from './operations/targets/recordTargetHealth';
import { syncTargets } from './operations/targets/syncTargets';
import { resolveErrorGroup } from './operations/triage/resolveErrorGroup';
import { unresolveErrorGroup } from './operations/triage/unresolveErrorGroup';
import { detectDialect, StoreDatabase } from './sql/StoreDatabase';
import { useWriteAheadLog } from './sql/useWriteAheadLog';
import { PeriskopStores } from './stores';

const PACKAGE_NAME = '@periskop-backstage/plugin-periskop-backend';

/**
 * Connects to the plugin's database, brings the schema up to date (unless
 * the database service or the caller says not to) and returns the stores
 * of every caller. SQLite, PostgreSQL and MySQL/MariaDB are supported.
 */
export async function createPeriskopStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
  /** Samples kept per error group, newest first (`periskop.storage.samplesPerError`). */
  samplesPerError: number;
}): Promise<PeriskopStores> {
  const { database, skipMigrations, samplesPerError } = options;
  if (!Number.isSafeInteger(samplesPerError) || samplesPerError < 1) {
    throw new Error(
      `samplesPerError must be a positive integer, got ${samplesPerError}`,
    );
  }
  const knex = await database.getClient();
  if (!database.migrations?.skip && !skipMigrations) {
    await knex.migrate.latest({
      directory: resolvePackagePath(PACKAGE_NAME, 'migrations'),
    });
  }
  const dialect = detectDialect(knex);
  if (dialect === 'sqlite') {
    await useWriteAheadLog(knex);
  }
  return storesOn({ knex, dialect }, samplesPerError);
}

/** The stores over a connected database: each method is one operation. */
export function storesOn(
  db: StoreDatabase & { knex: Knex },
  samplesPerError: number,
): PeriskopStores {
  const apply = { samplesPerError, known: new KnownContents() };
  return {
    ingest: {
      applyInstanceScrape: scrape => applyInstanceScrape(db, scrape, apply),
      syncTargets: targets => syncTargets(db, targets),
      recordTargetHealth: records => recordTargetHealth(db, records),
      listScrapeStates: () => listScrapeStates(db),
    },
    reads: {
      queryErrorGroups: query => queryErrorGroups(db, query),
      getErrorGroup: id => getErrorGroup(db, id),
      getErrorDetails: group => getErrorDetails(db, group),
      getOccurrenceSeries: series => getOccurrenceSeries(db, series),
      getErrorSummary: summary => getErrorSummary(db, summary),
      getEntityAggregates: window => getEntityAggregates(db, window),
      listTargets: filter => listTargets(db, filter),
    },
    triage: {
      resolveErrorGroup: (id, by) => resolveErrorGroup(db, id, by),
      unresolveErrorGroup: id => unresolveErrorGroup(db, id),
    },
    maintenance: {
      runRetention: retention => runRetention(db, retention),
    },
  };
}
