/** Node socket errors of a database that is down or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Driver codes of a server that went away or does not accept connections yet. */
const DRIVER_CODES = new Set([
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now
  '57P01',
  '57P02',
  '57P03',
  // MySQL/MariaDB (mysql2)
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
]);

/** Messages of pg and knex for a connection that broke under them. */
const MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether a store call failed because the database cannot be reached (down,
 * restarting, failing over), rather than because of the statement: such a
 * call succeeds unchanged once the database is back. Looks through
 * `cause` and the errors of an `AggregateError` (Node's happy-eyeballs
 * connect reports one per address).
 */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) {
    return false;
  }
  const e = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  // PostgreSQL SQLSTATE class 08: connection exception
  if (
    typeof e.code === 'string' &&
    (SOCKET_CODES.has(e.code) ||
      DRIVER_CODES.has(e.code) ||
      /^08[0-9A-Z]{3}$/.test(e.code))
  ) {
    return true;
  }
  // knex's pool could not hand out a connection in time
  if (e.name === 'KnexTimeoutError') {
    return true;
  }
  if (
    typeof e.message === 'string' &&
    MESSAGES.some(m => m.test(e.message as string))
  ) {
    return true;
  }
  if (
    Array.isArray(e.errors) &&
    e.errors.some(inner => isConnectionLost(inner, depth + 1))
  ) {
    return true;
  }
  return isConnectionLost(e.cause, depth + 1);
}
