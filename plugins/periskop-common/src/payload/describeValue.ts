// How values are named in warnings and failure reasons: by type and size,
// never by what a client sent.

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

/**
 * Names a value for messages by its type, and a string by its length, never
 * by its content: a payload may carry anything (a secret, a hostile
 * string), and warnings are shown to everyone who may read the target.
 */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') {
    return describeType(value);
  }
  if (value === '') {
    return 'an empty string';
  }
  if (value.trim() === '') {
    return 'a blank string';
  }
  return `a string of ${value.length} character${
    value.length === 1 ? '' : 's'
  }`;
}

/** The kind of a thrown value (`TypeError`), never its message. */
export function describeThrown(error: unknown): string {
  try {
    return error instanceof Error && /^\w{1,64}$/.test(error.name)
      ? error.name
      : 'exception';
  } catch {
    return 'exception';
  }
}
