import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { GroupLimits } from './operations/ingest/capNewGroups';
import { KnownContents } from './operations/ingest/KnownContents';
import { applyInstanceScrape } from './operations/ingest/applyInstanceScrape';
import { findErrorGroupsByKey } from './operations/compat/findErrorGroupsByKey';
import { listServiceErrors } from './operations/compat/listServiceErrors';
import { getErrorDetails } from './operations/errors/getErrorDetails';
import { getErrorGroup } from './operations/errors/getErrorGroup';
import { getErrorSummary } from './operations/errors/getErrorSummary';
import { queryErrorGroups } from './operations/errors/queryErrorGroups';
import { deletePushKey } from './operations/push/deletePushKey';
import { findPushKeyEntity } from './operations/push/findPushKeyEntity';
import { getPushKey } from './operations/push/getPushKey';
import { recordPush } from './operations/push/recordPush';
import { replacePushKey } from './operations/push/replacePushKey';
import { runRetention } from './operations/maintenance/runRetention';
import { claimNotifications } from './operations/notify/claimNotifications';
import { getEntityAggregates } from './operations/overview/getEntityAggregates';
import { getOccurrenceSeries } from './operations/series/getOccurrenceSeries';
import { listScrapeStates } from './operations/targets/listScrapeStates';
import { listScrapeTargets } from './operations/targets/listScrapeTargets';
import { listTargets } from './operations/targets/listTargets';
import { recordTargetHealth } from './operations/targets/recordTargetHealth';
import { syncTargets } from './operations/targets/syncTargets';
import { resolveErrorGroup } from './operations/triage/resolveErrorGroup';
import { unresolveErrorGroup } from './operations/triage/unresolveErrorGroup';
import { detectDialect, StoreDatabase } from './sql/StoreDatabase';
import { useWriteAheadLog } from './sql/useWriteAheadLog';
import { PeriskopStores } from './stores';
import {
  DEFAULT_GROUPS_PER_ENTITY,
  DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE,
} from '../config/defaults';

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
  /** Caps on error groups (`periskop.limits`); the defaults when absent. */
  limits?: GroupLimits;
}): Promise<PeriskopStores> {
  const { database, skipMigrations, samplesPerError } = options;
  const limits = options.limits ?? {
    groupsPerEntity: DEFAULT_GROUPS_PER_ENTITY,
    newGroupsPerTargetPerCycle: DEFAULT_NEW_GROUPS_PER_TARGET_PER_CYCLE,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${name} must be a positive integer, got ${value}`);
    }
  }
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
  return storesOn({ knex, dialect }, { samplesPerError, limits });
}

/** The stores over a connected database: each method is one operation. */
export function storesOn(
  db: StoreDatabase & { knex: Knex },
  settings: { samplesPerError: number; limits: GroupLimits },
): PeriskopStores {
  const apply = { ...settings, known: new KnownContents() };
  return {
    ingest: {
      applyInstanceScrape: scrape => applyInstanceScrape(db, scrape, apply),
      syncTargets: (targets, sync) =>
        syncTargets(db, targets, sync?.now, sync?.entityRefs),
      recordTargetHealth: records => recordTargetHealth(db, records),
      listScrapeStates: () => listScrapeStates(db),
      listScrapeTargets: () => listScrapeTargets(db),
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
    compat: {
      listServiceErrors: list => listServiceErrors(db, list),
      findErrorGroupsByKey: find => findErrorGroupsByKey(db, find),
    },
    maintenance: {
      runRetention: retention => runRetention(db, retention),
    },
    pushKeys: {
      getPushKey: entityRef => getPushKey(db, entityRef),
      replacePushKey: key => replacePushKey(db, key),
      deletePushKey: entityRef => deletePushKey(db, entityRef),
    },
    pushes: {
      findPushKeyEntity: keyHash => findPushKeyEntity(db, keyHash),
      recordPush: push => recordPush(db, push),
    },
    notifications: {
      claimNotifications: (ids, claim) => claimNotifications(db, ids, claim),
    },
  };
}
