/**
 * Whether a statement failed because a row with the same primary or unique
 * key exists: another transaction inserted it first.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | undefined;
  if (!e || typeof e !== 'object') {
    return false;
  }
  return (
    // PostgreSQL: unique_violation
    e.code === '23505' ||
    // MySQL/MariaDB: ER_DUP_ENTRY
    e.errno === 1062 ||
    e.code === 'ER_DUP_ENTRY' ||
    // SQLite
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
