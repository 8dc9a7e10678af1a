/** A table for the text and Markdown reports. */
export type Table = { header: string[]; rows: string[][] };

/** Seconds with two decimals. */
export function seconds(millis: number | undefined): string {
  return millis === undefined ? '–' : (millis / 1000).toFixed(2);
}

export function mb(bytes: number | undefined): string {
  return bytes === undefined ? '–' : (bytes / 1024 / 1024).toFixed(0);
}

export function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value)
    ? '–'
    : `${value.toFixed(2)}x`;
}

export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}

/** A plain-text table with aligned columns (first column left, others right). */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  return [
    line(header),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
  ].join('\n');
}

/** A fraction as a whole percentage. */
export function percent(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value * 100)}%`;
}
