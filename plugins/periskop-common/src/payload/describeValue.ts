// How values are named in warnings and failure reasons: short, and never
// the whole of whatever a client sent.

/** Longest quoted text in a warning. */
const MAX_DETAIL_LENGTH = 120;

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the JSON type of a value for messages, e.g. "a number". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** A string quoted (and shortened), anything else by its type. */
export function describeValue(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(truncate(value, MAX_DETAIL_LENGTH))
    : describeType(value);
}

/** The (shortened) message of a thrown value, whatever was thrown. */
export function describeError(error: unknown): string {
  try {
    const message =
      error instanceof Error ? error.message : String(error ?? 'unknown');
    return truncate(message, MAX_DETAIL_LENGTH);
  } catch {
    return 'unknown error';
  }
}
