import { Knex } from 'knex';

/**
 * Puts a SQLite database file into write-ahead-log mode with
 * `synchronous = NORMAL`, the combination SQLite recommends for
 * applications: a commit appends to the log instead of rewriting and
 * syncing the database and a rollback journal (the default), which made
 * committing the per-instance transactions of a scrape cycle the largest
 * cost on SQLite (docs/benchmarks.md). A crash or power loss may lose the
 * last transactions, never consistency: counters and totals are written
 * in the same transaction, and the next scrape counts from what is stored.
 * The journal mode is stored in the file (the plugin's own database: SQLite
 * runs one database per plugin); `synchronous` is per connection, so it is
 * set on every new connection too. In-memory databases keep their journal.
 */
export async function useWriteAheadLog(client: Knex): Promise<void> {
  const apply = (connection: {
    pragma?: (sql: string) => unknown;
    run?: (sql: string, callback: () => void) => unknown;
  }) => {
    if (typeof connection.pragma === 'function') {
      connection.pragma('synchronous = NORMAL'); // better-sqlite3
    } else if (typeof connection.run === 'function') {
      connection.run('PRAGMA synchronous = NORMAL', () => {}); // sqlite3
    }
  };
  await client.raw('PRAGMA journal_mode = WAL');
  await client.raw('PRAGMA synchronous = NORMAL');
  const pool = (
    client.client as {
      pool?: { on(event: string, fn: (id: unknown, c: any) => void): void };
    }
  ).pool;
  pool?.on('createSuccess', (_id, connection) => apply(connection));
}
