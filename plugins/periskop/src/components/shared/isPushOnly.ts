/**
 * Whether an entity only pushes its errors: it is monitored (the Errors tab
 * is shown) but its `periskop.io/targets` annotation is missing or blank, so
 * nothing is scraped; e.g. a batch job with only `periskop.io/service-name`.
 *
 * @param annotation - the entity's `periskop.io/targets` value, `''` when
 *   it has none
 */
export function isPushOnly(annotation: string): boolean {
  return annotation.trim() === '';
}
