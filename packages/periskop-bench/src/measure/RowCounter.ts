import { Knex } from 'knex';

/** Rows inserted, updated and deleted in one table. */
export interface RowChanges {
  inserted: number;
  updated: number;
  deleted: number;
}

/** Row changes by table (only tables with changes), and statements sent. */
export interface RowCounts {
  tables: Record<string, RowChanges>;
  /** Statements sent through Knex, BEGIN/COMMIT included. */
  statements: number;
  /** How the rows were counted. */
  method: string;
}

/**
 * The plugin's tables, in a fixed order for reports. Not every schema
 * version has all of them (`sample_contents` came later); the counters
 * count those that exist.
 */
export const TABLES = [
  'error_groups',
  'instances',
  'instance_counters',
  'samples',
  'sample_contents',
  'occurrences',
  'entity_occurrences',
  'targets',
] as const;

/**
 * Counts what the plugin writes during a section, without changing the
 * plugin: rows per table and statements.
 */
export interface RowCounter {
  start(): Promise<void>;
  stop(): Promise<RowCounts>;
  dispose(): Promise<void>;
}

/** Counts the statements Knex sends (its `query` event), for both databases. */
class StatementCounter {
  count = 0;
  readonly #listener = () => {
    this.count++;
  };
  constructor(private readonly knex: Knex) {
    knex.on('query', this.#listener);
  }
  dispose() {
    this.knex.removeListener('query', this.#listener);
  }
}

type Snapshot = Map<string, RowChanges>;

function diff(before: Snapshot, after: Snapshot): Record<string, RowChanges> {
  const result: Record<string, RowChanges> = {};
  for (const [table, now] of after) {
    const then = before.get(table) ?? { inserted: 0, updated: 0, deleted: 0 };
    const change = {
      inserted: now.inserted - then.inserted,
      updated: now.updated - then.updated,
      deleted: now.deleted - then.deleted,
    };
    if (change.inserted || change.updated || change.deleted) {
      result[table] = change;
    }
  }
  return result;
}

/**
 * PostgreSQL: deltas of `pg_stat_user_tables` (n_tup_ins, n_tup_upd,
 * n_tup_del), which the server keeps anyway, so counting costs the measured
 * section nothing. Statistics are flushed by each backend asynchronously
 * (PostgreSQL 15: when it goes idle, at most once a second), so before every
 * snapshot each pooled connection runs `pg_stat_force_next_flush()` and one
 * more statement, and the snapshot is read after `pg_stat_clear_snapshot()`.
 * Backends that exit flush on exit.
 */
export class PostgresRowCounter implements RowCounter {
  readonly #knex: Knex;
  readonly #statements: StatementCounter;
  #before: Snapshot = new Map();

  constructor(knex: Knex) {
    this.#knex = knex;
    this.#statements = new StatementCounter(knex);
  }

  /**
   * Makes every pooled connection flush its table statistics now. Replica
   * processes call it after their cycle, so that the main process's
   * snapshot sees their writes.
   */
  async flush(): Promise<void> {
    await this.#flushAll();
  }

  async #flushAll(): Promise<void> {
    const client = this.#knex.client as {
      acquireConnection(): Promise<unknown>;
      releaseConnection(connection: unknown): Promise<void>;
      pool: { max: number; numUsed(): number; numFree(): number };
    };
    const size = Math.max(1, client.pool.numUsed() + client.pool.numFree());
    const connections = await Promise.all(
      Array.from({ length: size }, () => client.acquireConnection()),
    );
    try {
      for (const connection of connections) {
        await this.#knex
          .raw('SELECT pg_stat_force_next_flush()')
          .connection(connection as any);
        await this.#knex.raw('SELECT 1').connection(connection as any);
      }
    } finally {
      await Promise.all(connections.map(c => client.releaseConnection(c)));
    }
  }

  async #snapshot(): Promise<Snapshot> {
    await this.#flushAll();
    // give backends that flush on their idle timer a moment as well
    await new Promise(resolve => setTimeout(resolve, 50));
    await this.#knex.raw('SELECT pg_stat_clear_snapshot()');
    const { rows } = await this.#knex.raw(
      `SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE schemaname = current_schema()`,
    );
    const result: Snapshot = new Map();
    for (const row of rows as Array<Record<string, string>>) {
      result.set(row.relname, {
        inserted: Number(row.n_tup_ins),
        updated: Number(row.n_tup_upd),
        deleted: Number(row.n_tup_del),
      });
    }
    return result;
  }

  async start(): Promise<void> {
    this.#before = await this.#snapshot();
    this.#statements.count = 0;
  }

  async stop(): Promise<RowCounts> {
    const statements = this.#statements.count;
    const after = await this.#snapshot();
    return {
      tables: diff(this.#before, after),
      statements,
      method: 'pg_stat_user_tables deltas (forced flush)',
    };
  }

  async dispose(): Promise<void> {
    this.#statements.dispose();
  }
}

/**
 * SQLite: temporary triggers (AFTER INSERT/UPDATE/DELETE, FOR EACH ROW) that
 * count into a temporary table. They live on the one connection Knex keeps
 * to a SQLite file, fire only for rows really written (an upsert's DO UPDATE
 * fires the update trigger, an ignored conflict fires nothing), and cost one
 * in-memory UPDATE per written row inside the measured section.
 */
export class SqliteRowCounter implements RowCounter {
  readonly #knex: Knex;
  readonly #statements: StatementCounter;
  /** Tables with counting triggers, once installed. */
  #counted: string[] | undefined;

  constructor(knex: Knex) {
    this.#knex = knex;
    this.#statements = new StatementCounter(knex);
  }

  async #install(): Promise<void> {
    if (this.#counted) return;
    const db = this.#knex;
    const existing = new Set(
      (
        (await db.raw(
          "SELECT name FROM sqlite_master WHERE type = 'table'",
        )) as Array<{ name: string }>
      ).map(row => row.name),
    );
    const counted: string[] = TABLES.filter(table => existing.has(table));
    await db.raw(
      'CREATE TEMP TABLE IF NOT EXISTS bench_row_counts (tbl TEXT NOT NULL, op TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (tbl, op))',
    );
    for (const table of counted) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        await db.raw(
          `INSERT OR IGNORE INTO temp.bench_row_counts (tbl, op, n) VALUES ('${table}', '${op}', 0)`,
        );
        await db.raw(
          `CREATE TEMP TRIGGER IF NOT EXISTS bench_${table}_${op.toLowerCase()} AFTER ${op} ON main.${table} FOR EACH ROW BEGIN UPDATE temp.bench_row_counts SET n = n + 1 WHERE tbl = '${table}' AND op = '${op}'; END`,
        );
      }
    }
    this.#counted = counted;
  }

  async #read(): Promise<Snapshot> {
    const triggers = (await this.#knex.raw(
      "SELECT count(*) AS n FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'bench_%'",
    )) as Array<{ n: number }>;
    if (Number(triggers[0]?.n) !== (this.#counted?.length ?? 0) * 3) {
      throw new Error(
        'the row counting triggers are gone (connection replaced?)',
      );
    }
    const rows = (await this.#knex.raw(
      'SELECT tbl, op, n FROM temp.bench_row_counts',
    )) as Array<{ tbl: string; op: string; n: number }>;
    const result: Snapshot = new Map();
    for (const row of rows) {
      const entry = result.get(row.tbl) ?? {
        inserted: 0,
        updated: 0,
        deleted: 0,
      };
      if (row.op === 'INSERT') entry.inserted = Number(row.n);
      if (row.op === 'UPDATE') entry.updated = Number(row.n);
      if (row.op === 'DELETE') entry.deleted = Number(row.n);
      result.set(row.tbl, entry);
    }
    return result;
  }

  #before: Snapshot = new Map();

  async start(): Promise<void> {
    await this.#install();
    this.#before = await this.#read();
    this.#statements.count = 0;
  }

  async stop(): Promise<RowCounts> {
    const statements = this.#statements.count;
    const after = await this.#read();
    return {
      tables: diff(this.#before, after),
      statements,
      method: 'temporary per-row triggers',
    };
  }

  async dispose(): Promise<void> {
    this.#statements.dispose();
    await this.#knex
      .raw('DROP TABLE IF EXISTS temp.bench_row_counts')
      .catch(() => undefined);
  }
}
