// Failure reasons end up in a target's health line and in logs: one short
// line of text, whatever a server or an error message contained.

/** Folds white space and control characters into single spaces. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Cuts `text` to `max` characters, the last one an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A JSON string literal of at most 200 characters, for quoting input. */
export function quote(text: string): string {
  return JSON.stringify(truncate(text, 200));
}
