/**
 * Whether a failed transaction may succeed when run again: a deadlock, a
 * serialization failure or a lock wait that timed out.
 */
export function isTransientTransactionError(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | undefined;
  if (!e || typeof e !== 'object') {
    return false;
  }
  // PostgreSQL: deadlock_detected, serialization_failure
  if (e.code === '40P01' || e.code === '40001') {
    return true;
  }
  // MySQL/MariaDB: ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT
  if (
    e.errno === 1213 ||
    e.errno === 1205 ||
    e.code === 'ER_LOCK_DEADLOCK' ||
    e.code === 'ER_LOCK_WAIT_TIMEOUT'
  ) {
    return true;
  }
  // SQLite with several connections to one file
  return e.code === 'SQLITE_BUSY';
}
