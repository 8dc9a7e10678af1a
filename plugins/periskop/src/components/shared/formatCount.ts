const exact = new Intl.NumberFormat('en-US');

/**
 * A count with thousands separators ("1,234,567"). Exact rather than
 * compact ("1.2M"): during an incident people compare totals between
 * refreshes, and a compact number hides that it is still growing.
 */
export function formatCount(count: number): string {
  return exact.format(count);
}
