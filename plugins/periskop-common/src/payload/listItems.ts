import { describeType, isObject } from './describeValue';
import type { WarningCollector } from './WarningCollector';

/**
 * The items of an optional list: none when it is absent or null, and none,
 * with a warning built by `complaint` from its type, when it is not an
 * array. A broken list loses its items, not its parent.
 */
export function readOptionalArray(
  raw: unknown,
  path: string,
  collector: WarningCollector,
  complaint: (type: string) => string,
): readonly unknown[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    collector.add(path, complaint(describeType(raw)));
    return [];
  }
  return raw;
}

/**
 * Parses every item of a list (at `<path>[i]`), skipping those `parseItem`
 * rejects, and keeps the first of several items with the same key: a
 * client should never repeat one, and counting it twice would be worse than
 * dropping it. Each dropped repeat is a warning at `<path>[i].<field>`
 * naming the index of the first, not the key (which may hold anything).
 */
export function parseUniqueItems<T>(
  raw: readonly unknown[],
  path: string,
  parseItem: (item: unknown, itemPath: string) => T | undefined,
  key: { of: (item: T) => string; field: string; label: string },
  collector: WarningCollector,
): T[] {
  const items: T[] = [];
  // where each key was first seen, to name it without quoting the key
  const seen = new Map<string, number>();
  for (let i = 0; i < raw.length; i++) {
    const itemPath = `${path}[${i}]`;
    const item = parseItem(raw[i], itemPath);
    if (item === undefined) {
      continue;
    }
    const value = key.of(item);
    const first = seen.get(value);
    if (first !== undefined) {
      collector.add(
        `${itemPath}.${key.field}`,
        `duplicate ${key.label}, the same as ${path}[${first}]; the first one is kept`,
      );
      continue;
    }
    seen.set(value, i);
    items.push(item);
  }
  return items;
}

/**
 * A list item that must be an object: `undefined`, with the warning
 * "<what> is <type>, expected an object; skipped", when it is not.
 */
export function itemObject(
  raw: unknown,
  path: string,
  what: string,
  collector: WarningCollector,
): Record<string, unknown> | undefined {
  if (!isObject(raw)) {
    collector.add(
      path,
      `${what} is ${describeType(raw)}, expected an object; skipped`,
    );
    return undefined;
  }
  return raw;
}
