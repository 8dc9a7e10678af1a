import { DatabaseService } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  ParsedErrorInstance,
  ParsedHttpContext,
} from '@periskop-backstage/plugin-periskop-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { buildSearchText } from '../aggregation/buildSearchText';
import { sampleContent } from '../aggregation/sampleContent';
import {
  GroupUpdate,
  InstanceState,
  InstanceUpdate,
  SampleRecord,
} from '../aggregation/types';
import {
  GroupLimits,
  InstanceScrapeResult,
  StoredErrorGroup,
} from '../database';
import {
  DEFAULT_GROUP_IDLE_DAYS,
  DEFAULT_REMOVED_ENTITY_GRACE_DAYS,
} from '../config/defaults';
import { createTestStore, TestStore } from './testStore';

/*
 * Shared set-up of the store tests: a store on a test database, and
 * hand-built scrapes that go through `applyInstanceScrape` the way the
 * aggregator's would.
 */

export const ENTITY = 'component:default/api-auth';
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/**
 * The lifecycle settings of `runRetention` at their configured defaults,
 * for tests of the other parts of retention.
 */
export const DEFAULT_LIFECYCLE = {
  groupIdleMs: DEFAULT_GROUP_IDLE_DAYS * DAY,
  removedEntityGraceMs: DEFAULT_REMOVED_ENTITY_GRACE_DAYS * DAY,
};
/** A minute boundary (and an hour boundary), so bucket arithmetic in the tests stays readable. */
export const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

/** A database service over one test database, with migrations enabled. */
export function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

/** A migrated store on a fresh database of `databases`. */
export async function createStoreOn(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options?: { samplesPerError?: number; limits?: GroupLimits },
): Promise<{ knex: Knex; store: TestStore }> {
  const knex = await databases.init(databaseId);
  const store = await createTestStore({
    database: databaseService(knex),
    ...options,
  });
  return { knex, store };
}

export function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A sample as the tests write it: its error and HTTP context in the open. */
export interface TestSample {
  uuid: string;
  timestampMs: number;
  severity: SampleRecord['severity'];
  error: ParsedErrorInstance;
  httpContext: ParsedHttpContext | null;
}

/** The sample as the aggregation hands it to the store. */
export function toSampleRecord(test: TestSample): SampleRecord {
  return {
    uuid: test.uuid,
    timestampMs: test.timestampMs,
    severity: test.severity,
    content: sampleContent(test.error, test.httpContext),
  };
}

/** A sample with a one-line stack and a GET request context. */
export function sample(
  uuid: string,
  timestampMs: number,
  extra?: Partial<TestSample>,
): TestSample {
  return {
    uuid,
    timestampMs,
    severity: 'error',
    error: {
      class: 'Error',
      message: `boom ${uuid}`,
      stacktrace: ['at handler (app.js:1:1)'],
      cause: null,
    },
    httpContext: {
      requestMethod: 'GET',
      requestUrl: `/things/${uuid}`,
      requestHeaders: { Accept: 'application/json' },
      requestBody: null,
    },
    ...extra,
  };
}

/** What one instance reports for one key in the tests' miniature payloads. */
export interface ReportedKey {
  count: number;
  samples?: TestSample[];
  severity?: GroupUpdate['severity'];
  message?: string;
  /** First seen of a new group; default one minute before the scrape. */
  firstSeen?: number;
  /** When the latest occurrence happened; default the scrape time. */
  lastSeen?: number;
}

/**
 * A stand-in for the aggregator: derives the update from the stored state
 * exactly like the real one (delta = current − last, a drop is a restart),
 * so that the tests exercise the store's read-compute-write cycle. The
 * search text comes from the newest sample, as `aggregatePayload` builds it.
 */
export function computeFrom(
  report: Record<string, ReportedKey>,
  now: number,
  seenStates?: InstanceState[],
): (state: InstanceState) => InstanceUpdate | null {
  const digest = hash(
    JSON.stringify(
      Object.entries(report)
        .map(([key, value]) => [key, value.count])
        .sort(),
    ),
  );
  return state => {
    seenStates?.push({
      countersDigest: state.countersDigest,
      lastCounts: new Map(state.lastCounts),
    });
    if (state.countersDigest === digest) {
      return null;
    }
    const groups: GroupUpdate[] = [];
    for (const [key, value] of Object.entries(report)) {
      const keyHash = hash(key);
      const last = state.lastCounts.get(keyHash);
      if (last === value.count) {
        continue;
      }
      const delta =
        last === undefined || value.count < last
          ? value.count
          : value.count - last;
      const samples = delta > 0 ? value.samples ?? [] : [];
      const newest = samples.reduce<TestSample | undefined>(
        (a, s) => (!a || s.timestampMs > a.timestampMs ? s : a),
        undefined,
      );
      groups.push({
        keyHash,
        aggregationKey: key,
        delta,
        currentCount: value.count,
        severity: value.severity ?? newest?.severity ?? 'error',
        errorClass: newest?.error.class ?? 'Error',
        message: value.message ?? newest?.error.message ?? key,
        searchText: buildSearchText(
          key,
          newest?.error ?? null,
          newest?.httpContext ?? null,
        ),
        latestSampleAt: newest?.timestampMs ?? null,
        firstSeen: value.firstSeen ?? now - MINUTE,
        lastSeen: value.lastSeen ?? now,
        samples: samples.map(toSampleRecord),
      });
    }
    return {
      countersDigest: digest,
      groups,
      newOccurrences: groups.reduce((sum, g) => sum + g.delta, 0),
    };
  };
}

/** One scrape of one instance through `applyInstanceScrape`. */
export async function apply(
  store: TestStore,
  options: {
    instance: string;
    report: Record<string, ReportedKey>;
    now: number;
    entityRef?: string;
    seenStates?: InstanceState[];
  },
): Promise<InstanceScrapeResult> {
  return store.applyInstanceScrape({
    entityRef: options.entityRef ?? ENTITY,
    instanceKey: options.instance,
    url: `http://${options.instance}:8080/-/exceptions`,
    now: options.now,
    compute: computeFrom(options.report, options.now, options.seenStates),
  });
}

/** The group of `key` of an entity; throws when there is none. */
export async function groupByKey(
  store: TestStore,
  key: string,
  entityRef = ENTITY,
): Promise<StoredErrorGroup> {
  const groups = await store.listErrorGroups(entityRef);
  const group = groups.find(g => g.aggregationKey === key);
  if (!group) {
    throw new Error(`no group ${key}`);
  }
  return group;
}
