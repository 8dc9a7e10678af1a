import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  DEFAULT_LIFECYCLE,
  DAY,
  HOUR,
  MINUTE,
  T0,
  apply,
  createStoreOn,
  groupByKey,
  sample,
} from '../__testUtils__/errorStore';
import { recordStatements } from '../__testUtils__/recordStatements';
import { sampleContent } from '../aggregation/sampleContent';
import { CONTENT_TOUCH_INTERVAL_MS } from './operations/ingest/KnownContents';

jest.setTimeout(60_000);

const MIGRATIONS_DIR = resolvePackagePath(
  '@periskop-backstage/plugin-periskop-backend',
  'migrations',
);
const SAMPLE_CONTENTS_VERSION = '20261202000000';
const databases = createTestDatabases();

/** Undoes the migration of `version` and every later one. */
async function migrateDownBefore(knex: Knex, version: string) {
  while (
    (await knex.migrate.currentVersion({ directory: MIGRATIONS_DIR })) >=
    version
  ) {
    await knex.migrate.down({ directory: MIGRATIONS_DIR });
  }
}

/** The same error and request as seen by many instances and occurrences. */
const shared = {
  error: {
    class: 'TimeoutError',
    message: 'upstream timed out after 30s',
    stacktrace: ['at call (client.js:10:1)', 'at handle (server.js:20:2)'],
    cause: null,
  },
  httpContext: {
    requestMethod: 'GET',
    requestUrl: '/things',
    requestHeaders: { Accept: 'application/json', 'X-Tenant': 'acme' },
    requestBody: null,
  },
};

const count = async (knex: any, table: string) =>
  Number((await knex(table).count({ n: '*' }))[0].n);

describe('sample contents', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('stores a content shared by instances and groups once, and shows it with every sample', async () => {
      const { knex, store } = await createStoreOn(databases, databaseId);
      for (const [instance, at] of [
        ['pod-a', T0],
        ['pod-b', T0 + MINUTE],
      ] as const) {
        await apply(store, {
          instance,
          report: {
            'Timeout@1': {
              count: 2,
              samples: [
                sample(`${instance}-1`, at - 2_000, shared),
                sample(`${instance}-2`, at - 1_000, shared),
              ],
            },
            'Timeout@2': {
              count: 1,
              samples: [sample(`${instance}-3`, at - 500, shared)],
            },
          },
          now: at,
        });
      }
      expect(await count(knex, 'samples')).toBe(6);
      expect(await count(knex, 'sample_contents')).toBe(1);
      const [row] = await knex('sample_contents').select('digest', 'data');
      expect(row.digest).toBe(
        sampleContent(shared.error, shared.httpContext).digest,
      );

      const group = await groupByKey(store, 'Timeout@1');
      const samples = await store.listSamples(group.id);
      expect(samples.map(s => [s.uuid, s.instanceKey])).toEqual([
        ['pod-b-2', 'pod-b'],
        ['pod-b-1', 'pod-b'],
        ['pod-a-2', 'pod-a'],
        ['pod-a-1', 'pod-a'],
      ]);
      for (const stored of samples) {
        expect(stored.error).toEqual(shared.error);
        expect(stored.httpContext).toEqual(shared.httpContext);
      }
    });

    it('does not write a content again while it is known to be stored, and touches it after an interval', async () => {
      const { knex, store } = await createStoreOn(databases, databaseId);
      const scrape = async (n: number, now: number) =>
        apply(store, {
          instance: 'pod-a',
          report: {
            K: {
              count: n,
              samples: [sample(`u${n}`, now - 1_000, shared)],
            },
          },
          now,
        });
      await scrape(1, T0);
      const [{ last_used_at: first }] = await knex('sample_contents');
      expect(Number(first)).toBe(T0);

      const recorder = recordStatements(knex);
      await scrape(2, T0 + MINUTE);
      recorder.stop();
      expect(
        recorder.statements.filter(sql => /sample_contents/i.test(sql)),
      ).toEqual([]);

      // past the interval it is written again, which moves last_used_at
      const later = T0 + CONTENT_TOUCH_INTERVAL_MS + 2 * MINUTE;
      await scrape(3, later);
      const [{ last_used_at: touched }] = await knex('sample_contents');
      expect(Number(touched)).toBe(later);
      expect(await count(knex, 'sample_contents')).toBe(1);
      expect(await count(knex, 'samples')).toBe(3);
    });

    it('removes contents no retained sample uses, and keeps the others', async () => {
      const { knex, store } = await createStoreOn(databases, databaseId);
      const other = {
        ...shared,
        error: { ...shared.error, message: 'another failure' },
      };
      await apply(store, {
        instance: 'pod-a',
        report: { Old: { count: 1, samples: [sample('old', T0, other)] } },
        now: T0,
      });
      const recent = T0 + 40 * DAY;
      await apply(store, {
        instance: 'pod-a',
        report: {
          Old: { count: 1 },
          New: { count: 1, samples: [sample('new', recent, shared)] },
        },
        now: recent,
      });
      expect(await count(knex, 'sample_contents')).toBe(2);

      await store.runRetention({
        now: recent + HOUR,
        retentionMs: 30 * DAY,
        fineBucketMaxAgeMs: 2 * DAY,
        ...DEFAULT_LIFECYCLE,
      });
      expect(await count(knex, 'samples')).toBe(1);
      const contents = await knex('sample_contents').select('data');
      expect(contents.map(c => JSON.parse(c.data).error.message)).toEqual([
        'upstream timed out after 30s',
      ]);
      const group = await groupByKey(store, 'New');
      expect((await store.listSamples(group.id))[0].error).toEqual(
        shared.error,
      );
    });

    it('converts the samples of the earlier schema into shared contents', async () => {
      const { knex, store } = await createStoreOn(databases, databaseId);
      await apply(store, {
        instance: 'pod-a',
        report: { K: { count: 3 } },
        now: T0,
      });
      const groupId = (await groupByKey(store, 'K')).id;
      // back to the schema before this migration, with samples in it
      await migrateDownBefore(knex, SAMPLE_CONTENTS_VERSION);
      expect(await knex.schema.hasTable('sample_contents')).toBe(false);
      // the old ingest wrote headers in the order the client sent them
      const reordered = {
        ...shared.httpContext,
        requestHeaders: { 'X-Tenant': 'acme', Accept: 'application/json' },
      };
      await knex('samples').insert([
        {
          group_id: groupId,
          uuid: 'a',
          timestamp: T0,
          severity: 'error',
          instance_key: 'pod-a',
          data: JSON.stringify({ error: shared.error, httpContext: reordered }),
        },
        {
          group_id: groupId,
          uuid: 'b',
          timestamp: T0 + 1,
          severity: 'warning',
          instance_key: 'pod-b',
          data: JSON.stringify({
            error: shared.error,
            httpContext: shared.httpContext,
          }),
        },
        {
          group_id: groupId,
          uuid: 'c',
          timestamp: T0 + 2,
          severity: 'error',
          instance_key: 'pod-a',
          data: JSON.stringify({ error: shared.error, httpContext: null }),
        },
      ]);

      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      const rows = await knex('samples')
        .select('uuid', 'severity', 'content_digest')
        .orderBy('uuid');
      const withContext = sampleContent(shared.error, shared.httpContext);
      const without = sampleContent(shared.error, null);
      expect(rows).toEqual([
        { uuid: 'a', severity: 'error', content_digest: withContext.digest },
        { uuid: 'b', severity: 'warning', content_digest: withContext.digest },
        { uuid: 'c', severity: 'error', content_digest: without.digest },
      ]);
      // pod-b was never an instance of the store: its sample keeps no instance
      const converted = await store.listSamples(groupId);
      expect(converted.map(c => [c.uuid, c.instanceKey, c.error])).toEqual([
        ['c', 'pod-a', shared.error],
        ['b', '', shared.error],
        ['a', 'pod-a', shared.error],
      ]);
      const contents = await knex('sample_contents')
        .select('digest', 'data')
        .orderBy('digest');
      expect(contents).toEqual(
        [withContext, without]
          .map(c => ({ digest: c.digest, data: c.json }))
          .sort((x, y) => (x.digest < y.digest ? -1 : 1)),
      );

      // and back down: the samples carry their content again
      await migrateDownBefore(knex, SAMPLE_CONTENTS_VERSION);
      const restored = await knex('samples')
        .select('uuid', 'data')
        .orderBy('uuid');
      expect(restored.map(r => [r.uuid, JSON.parse(r.data)])).toEqual([
        ['a', { error: shared.error, httpContext: shared.httpContext }],
        ['b', { error: shared.error, httpContext: shared.httpContext }],
        ['c', { error: shared.error, httpContext: null }],
      ]);
    });
  });
});
