/**
 * Whether a statement failed because a row it refers to is gone: in the
 * ingest, a group that retention deleted between the transaction's read
 * of the counters and its writes. Running the transaction again reads
 * the counters afresh (their group is then NULL) and succeeds.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | undefined;
  if (!e || typeof e !== 'object') {
    return false;
  }
  return (
    // PostgreSQL: foreign_key_violation
    e.code === '23503' ||
    // MySQL/MariaDB: ER_NO_REFERENCED_ROW_2
    e.errno === 1452 ||
    e.code === 'ER_NO_REFERENCED_ROW_2' ||
    // SQLite, with foreign keys switched on
    e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}
