import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import {
  PostgresRowCounter,
  RowCounter,
  SqliteRowCounter,
} from '../measure/RowCounter';

export type DatabaseKind = 'sqlite' | 'postgres';

/** A fresh database for the plugin, made the way a Backstage backend makes it. */
export interface BenchDatabase {
  kind: DatabaseKind;
  /** What the report says about it (version, file or database name). */
  description: string;
  /** The database (PostgreSQL) or file (SQLite) name. */
  name: string;
  service: DatabaseService;
  knex: Knex;
  rowCounter: RowCounter;
  /** Closes connections and removes the database or file. */
  dispose(): Promise<void>;
}

const quietLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return quietLogger;
  },
};

const lifecycle = {
  addStartupHook() {},
  addShutdownHook() {},
  addBeforeShutdownHook() {},
};

/** Server connection settings from a `postgresql://` URL. */
function postgresConnection(postgresUrl: string) {
  const url = new URL(postgresUrl);
  return {
    url,
    connection: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
    },
  };
}

/**
 * The plugin's database service on PostgreSQL database `name` of the
 * server at `postgresUrl`, from Backstage's own `DatabaseManager` (which
 * creates the database if it does not exist yet).
 */
function postgresService(postgresUrl: string, name: string) {
  const { url, connection } = postgresConnection(postgresUrl);
  const manager = DatabaseManager.fromConfig(
    new ConfigReader({
      backend: {
        database: {
          client: 'pg',
          connection: {
            ...connection,
            database: url.pathname.slice(1) || 'postgres',
          },
          plugin: { periskop: { connection: { database: name } } },
        },
      },
    }),
  );
  const service = manager.forPlugin('periskop', {
    logger: quietLogger,
    lifecycle,
  });
  return { url, connection, service };
}

/**
 * Connects to an existing benchmark database on PostgreSQL the way another
 * backend replica would (its own `DatabaseManager` and pool), for the
 * replica processes. Closing only closes the connections.
 */
export async function openPostgresDatabase(options: {
  postgresUrl: string;
  name: string;
}): Promise<{ service: DatabaseService; knex: Knex; close(): Promise<void> }> {
  const { service } = postgresService(options.postgresUrl, options.name);
  const knex = await service.getClient();
  return { service, knex, close: () => knex.destroy() };
}

/**
 * Creates a fresh, empty database through Backstage's own `DatabaseManager`
 * (the same knex settings and pool a backend would use):
 *
 * - SQLite: a new file `periskop.sqlite` in a temporary directory
 *   (better-sqlite3, one connection);
 * - PostgreSQL: a new database `periskop_bench_<random>` on the server of
 *   `connectionString`, created by the manager and dropped afterwards.
 */
export async function createBenchDatabase(
  kind: DatabaseKind,
  options: { postgresUrl: string },
): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'periskop-bench-'));
    const manager = DatabaseManager.fromConfig(
      new ConfigReader({
        backend: {
          database: { client: 'better-sqlite3', connection: { directory } },
        },
      }),
    );
    const service = manager.forPlugin('periskop', {
      logger: quietLogger,
      lifecycle,
    });
    const knex = await service.getClient();
    const [{ version }] = (await knex.raw(
      'SELECT sqlite_version() AS version',
    )) as Array<{ version: string }>;
    const file = path.join(directory, 'periskop.sqlite');
    return {
      kind,
      name: file,
      description: `SQLite ${version} (better-sqlite3), file ${file}`,
      service,
      knex,
      rowCounter: new SqliteRowCounter(knex),
      async dispose() {
        await knex.destroy();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  }

  const name = `periskop_bench_${randomBytes(4).toString('hex')}`;
  const { connection, url, service } = postgresService(
    options.postgresUrl,
    name,
  );
  const knex = await service.getClient();
  if (process.env.BENCH_PG_LOG_MIN_DURATION_MS) {
    // diagnosis: the server logs the statements slower than this (on
    // connections opened from now on)
    await knex.raw(
      `ALTER DATABASE ?? SET log_min_duration_statement = ${Number(
        process.env.BENCH_PG_LOG_MIN_DURATION_MS,
      )}`,
      [name],
    );
  }
  const { rows } = await knex.raw('SHOW server_version');
  return {
    kind,
    name,
    description: `PostgreSQL ${rows[0].server_version}, database ${name}`,
    service,
    knex,
    rowCounter: new PostgresRowCounter(knex),
    async dispose() {
      await knex.destroy();
      const admin = knexFactory({
        client: 'pg',
        connection: {
          ...connection,
          database: url.pathname.slice(1) || 'postgres',
        },
        pool: { min: 0, max: 1 },
      });
      try {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await admin.destroy();
      }
    },
  };
}
