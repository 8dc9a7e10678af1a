/**
 * Turns a value that should have been a string into one. Only used to repair
 * odd items, never on the normal path (so no re-serialisation cost there).
 */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      const json = JSON.stringify(value);
      if (typeof json === 'string') return json;
    } catch {
      // Cycles or absurd depth: fall through to String().
    }
  }
  try {
    return String(value);
  } catch {
    return '[unprintable value]';
  }
}
