/**
 * Formats a duration for humans: `500ms` below one second, otherwise seconds
 * with at most one decimal (`1.5s`, `10s`).
 *
 * @remarks
 * Used in failure reasons such as `timed out after 10s`, so it mirrors how the
 * timeout is configured (`{ seconds: 10 }`) rather than printing `10000ms`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) {
    return `${ms}ms`;
  }
  const rounded = Math.round(ms);
  if (rounded < 1000) {
    return `${rounded}ms`;
  }
  return `${Math.round(rounded / 100) / 10}s`;
}
