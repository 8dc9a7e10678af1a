/**
 * Props for a block that may scroll (a stack trace, a request body, a long
 * message): focusable, so that a keyboard can reach and scroll it (WCAG
 * 2.1.1; axe's `scrollable-region-focusable`), and a named region, so that
 * a screen reader says what it is on focus rather than reading it out.
 */
export function scrollableRegionProps(label: string) {
  return { tabIndex: 0, role: 'region', 'aria-label': label } as const;
}
