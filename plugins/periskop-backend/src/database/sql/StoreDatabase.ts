import { Knex } from 'knex';

/** The SQL dialects the store speaks; every dialect branch switches on this. */
export type Dialect = 'pg' | 'mysql' | 'sqlite';

/**
 * What every database operation gets: a Knex client (or a transaction of
 * it) and the dialect it talks to. Operations are plain functions over
 * this, with their dialect branches inside them.
 */
export interface StoreDatabase {
  readonly knex: Knex | Knex.Transaction;
  readonly dialect: Dialect;
}

/** The dialect of a Knex client; anything else is refused up front. */
export function detectDialect(knex: Knex): Dialect {
  const name = String(knex.client.dialect ?? knex.client.config?.client);
  if (name.includes('postgres') || name === 'pg') {
    return 'pg';
  }
  if (name.includes('mysql')) {
    return 'mysql';
  }
  if (name.includes('sqlite')) {
    return 'sqlite';
  }
  throw new Error(`Unsupported database client ${name}`);
}

/**
 * Runs `handler` in a transaction; on MySQL in READ COMMITTED. In MySQL's
 * default REPEATABLE READ, InnoDB locks every row a statement scans, not
 * only the matching ones, plus gap locks; on a small table the optimizer
 * scans all of it, so two applies that hold disjoint groups still block
 * each other and deadlock (seen in the concurrency tests on MariaDB 10.11).
 * READ COMMITTED locks only matching rows and lets every read see the
 * latest committed rows, which is what the apply wants: its correctness
 * rests on row locks, not on a snapshot. PostgreSQL's default already is
 * READ COMMITTED; SQLite is always serializable.
 */
export function inTransaction<T>(
  db: StoreDatabase,
  handler: (tx: StoreDatabase) => Promise<T>,
): Promise<T> {
  const run = (tx: Knex.Transaction) =>
    handler({ knex: tx, dialect: db.dialect });
  return db.dialect === 'mysql'
    ? db.knex.transaction(run, { isolationLevel: 'read committed' })
    : db.knex.transaction(run);
}

/** Quotes one of our own (constant) identifiers for hand-written SQL. */
export function quote(db: StoreDatabase, identifier: string): string {
  return db.dialect === 'mysql' ? `\`${identifier}\`` : `"${identifier}"`;
}

/** The value an upsert tried to insert, as ON CONFLICT / ON DUPLICATE KEY names it. */
export function excluded(db: StoreDatabase, column: string): string {
  return db.dialect === 'mysql'
    ? `VALUES(${quote(db, column)})`
    : `${quote(db, 'excluded')}.${quote(db, column)}`;
}

/** The rows of a `knex.raw` SELECT, whose result shape differs per driver. */
export function rawRows<T>(db: StoreDatabase, result: unknown): T[] {
  if (db.dialect === 'pg') {
    return (result as { rows: T[] }).rows;
  }
  if (db.dialect === 'mysql') {
    return (result as [T[], unknown])[0];
  }
  return result as T[];
}

/**
 * SQL that is true when the column (first binding) contains the text
 * (second binding). A substring function rather than LIKE '%term%': the
 * term is bound as is (nothing to escape), and PostgreSQL's strpos is
 * several times faster than its LIKE on long texts.
 */
export function containsSql(db: StoreDatabase): string {
  return db.dialect === 'pg' ? 'strpos(??, ?) > 0' : 'INSTR(??, ?) > 0';
}

/**
 * A read that locks its rows where the database has row locks. SQLite has
 * none (Knex warns) but runs one write transaction at a time.
 */
export function forUpdate<T>(
  db: StoreDatabase,
  query: Knex.QueryBuilder<any, T>,
): Knex.QueryBuilder<any, T> {
  return db.dialect === 'sqlite' ? query : query.forUpdate();
}
