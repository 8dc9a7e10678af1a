import type { BenchDatabase } from '../database/BenchDatabase';

/**
 * The tables that hold samples: `samples` (one row per stored sample) and,
 * in schemas that have it, `sample_contents` (sample bodies, shared by the
 * samples that have the same one). Both are counted with their indexes.
 */
const SAMPLE_TABLES = ['samples', 'sample_contents'];

/** The storage the stored samples take. */
export interface SampleStorage {
  /** Rows in `samples`. */
  samples: number;
  /** Bytes per table that exists, its indexes (and TOAST) included. */
  tables: Record<string, number>;
  /** Sum of `tables`; undefined when the database cannot tell. */
  bytes?: number;
  /** `bytes / samples`; undefined without samples or without a size. */
  bytesPerSample?: number;
  /** How the sizes were measured. */
  method: string;
  /** Why there is no size, when there is none. */
  unavailable?: string;
}

function finish(
  samples: number,
  tables: Record<string, number>,
  method: string,
): SampleStorage {
  const bytes = Object.values(tables).reduce((a, b) => a + b, 0);
  return {
    samples,
    tables,
    bytes,
    bytesPerSample: samples > 0 ? bytes / samples : undefined,
    method,
  };
}

/**
 * PostgreSQL: `pg_total_relation_size` of each table (heap, TOAST and every
 * index): the pages the files hold, free space and dead tuples included,
 * which is what the data costs on disk between vacuums.
 */
async function measurePostgres(
  database: BenchDatabase,
  samples: number,
): Promise<SampleStorage> {
  const { rows } = await database.knex.raw(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        AND c.relname = ANY(?)`,
    [SAMPLE_TABLES],
  );
  const tables: Record<string, number> = {};
  for (const row of rows as Array<{ name: string; bytes: string }>) {
    tables[row.name] = Number(row.bytes);
  }
  return finish(
    samples,
    tables,
    'pg_total_relation_size (heap, TOAST, indexes)',
  );
}

/**
 * SQLite: the pages of each table's b-tree and of its indexes' b-trees, from
 * the `dbstat` virtual table (only in builds with SQLITE_ENABLE_DBSTAT_VTAB;
 * better-sqlite3's has it). Indexes belong to their table by
 * `sqlite_master.tbl_name`. Without dbstat there is no figure, rather than
 * a guess from the file size (which holds every other table too).
 */
async function measureSqlite(
  database: BenchDatabase,
  samples: number,
): Promise<SampleStorage> {
  const knex = database.knex;
  try {
    await knex.raw('SELECT pgsize FROM dbstat LIMIT 1');
  } catch (error) {
    return {
      samples,
      tables: {},
      method: 'dbstat',
      unavailable: `this SQLite build has no dbstat table (${String(
        (error as Error).message ?? error,
      )})`,
    };
  }
  const btrees = (await knex.raw(
    `SELECT name, tbl_name AS owner FROM sqlite_master
      WHERE type IN ('table', 'index') AND tbl_name IN (${SAMPLE_TABLES.map(
        () => '?',
      ).join(', ')})`,
    SAMPLE_TABLES,
  )) as Array<{ name: string; owner: string }>;
  const tables: Record<string, number> = {};
  for (const { name, owner } of btrees) {
    // a constraint on name makes dbstat walk only that b-tree
    const [row] = (await knex.raw(
      'SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = ?',
      [name],
    )) as Array<{ bytes: number | null }>;
    tables[owner] = (tables[owner] ?? 0) + Number(row?.bytes ?? 0);
  }
  return finish(samples, tables, 'dbstat pages (tables and their indexes)');
}

/**
 * Bytes per stored sample: the size of the sample tables with their indexes
 * divided by the rows of `samples`. Measured outside the timed sections.
 */
export async function measureSampleStorage(
  database: BenchDatabase,
): Promise<SampleStorage> {
  const [row] = await database.knex('samples').count({ n: '*' });
  const samples = Number(row?.n ?? 0);
  return database.kind === 'postgres'
    ? measurePostgres(database, samples)
    : measureSqlite(database, samples);
}
