export { readClientFixture as readFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';

/**
 * For every kind of object in a payload (identified by its path, array
 * indices as `[]`), the keys in the order of their first occurrence. The
 * contents of `request_headers` (free-form) and of a non-null `cause` (the
 * same shape as `error`) are not descended into.
 */
export function keyLayout(payload: unknown): Map<string, string[]> {
  const layout = new Map<string, string[]>();
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      value.forEach(item => walk(item, `${at}[]`));
      return;
    }
    if (typeof value !== 'object' || value === null) {
      return;
    }
    if (!layout.has(at)) {
      layout.set(at, Object.keys(value));
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'request_headers' || key === 'cause') {
        continue;
      }
      walk(child, at ? `${at}.${key}` : key);
    }
  };
  walk(payload, '');
  return layout;
}
