import { createHash } from 'node:crypto';

/** Rows per multi-row statement: large enough to batch, small enough for every driver's bind limit. */
export const CHUNK_SIZE = 500;

/** Splits a list into statements' worth of rows. */
export function chunk<T>(
  items: readonly T[],
  size: number = CHUNK_SIZE,
): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * Integers are written into generated SQL as literals rather than bound
 * parameters: in `CASE id WHEN … THEN <param>` PostgreSQL cannot infer a
 * parameter's type and would fall back to text or int4, there is no cast
 * to BIGINT that both PostgreSQL and MySQL accept, and better-sqlite3 binds
 * JS numbers as REAL. Only safe integers are accepted, so a literal can
 * never be anything but digits.
 */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`Expected a safe integer for SQL, got ${value}`);
  }
  return String(value);
}

/** A stored count or time must be an integer; fractional milliseconds are rounded. */
export function integer(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new TypeError(`${what} must be a finite number, got ${value}`);
  }
  const rounded = Math.round(value);
  if (!Number.isSafeInteger(rounded)) {
    throw new TypeError(`${what} is out of range: ${value}`);
  }
  return rounded;
}

/** An id that can exist: anything else would make PostgreSQL fail the BIGINT comparison. */
export function isRowId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/** At most `max` code points, never splitting a surrogate pair. */
export function truncateCodePoints(value: string, max: number): string {
  const codePoints = Array.from(value);
  return codePoints.length <= max ? value : codePoints.slice(0, max).join('');
}

/**
 * Makes an identity fit its column without losing uniqueness: a value that
 * is too long keeps a readable prefix and gets the sha256 of the whole value
 * appended (or, for short columns, becomes the hash). The same input always
 * gives the same output, so lookups stay exact.
 */
export function fitToColumn(value: string, maxLength: number): string {
  // JS length counts UTF-16 units, which is never less than the characters
  // PostgreSQL and MySQL count, so this check is conservative.
  if (value.length <= maxLength) {
    return value;
  }
  const hash = createHash('sha256').update(value).digest('hex');
  const prefixLength = maxLength - hash.length - 1;
  return prefixLength > 0 ? `${value.slice(0, prefixLength)}~${hash}` : hash;
}
