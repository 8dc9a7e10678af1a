const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * Formats a byte count for humans with binary units: `512 B`, `1.5 KiB`,
 * `10 MiB`.
 *
 * @remarks
 * Binary units because the limits they describe are configured as powers of
 * two (`maxBodyBytes: 10485760` reads as `10 MiB`, not `10.5 MB`). At most one
 * decimal, and none when it would be `.0`, so the text stays short in a
 * target's health line.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) {
    return `${bytes} B`;
  }
  let value = bytes;
  let unit = 0;
  // Compare the *rounded* value so 1023.97 KiB becomes "1 MiB", not "1024 KiB".
  while (unit < UNITS.length - 1 && roundTo(value, unit) >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${roundTo(value, unit)} ${UNITS[unit]}`;
}

/** Whole bytes; one decimal at most for larger units (`String` drops `.0`). */
function roundTo(value: number, unit: number): number {
  return unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
}
